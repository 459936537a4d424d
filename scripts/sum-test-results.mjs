// Sums the vitest JSON reports of every package into CI's closing line, "N passed, N failed".
// Arguments name CI steps that failed; each failed step that is not a test failure counts as one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(group)) {
    const report = join(group, name, '.vitest', 'results.json');
    if (!existsSync(report)) continue;
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    console.log(
      `${join(group, name)}: ${results.numPassedTests} passed, ${results.numFailedTests} failed`,
    );
  }
}
const failedSteps = process.argv.slice(2);
for (const step of failedSteps) console.log(`step failed: ${step}`);
// A failed step outside the test run (or a suite that crashed before reporting) is a failure too.
const extra = failedSteps.filter((step) => step !== 'test').length;
const testStepFailedUnreported = failedSteps.includes('test') && failed === 0 ? 1 : 0;
failed += extra + testStepFailedUnreported;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
