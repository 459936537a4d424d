// Sums the vitest JSON reports of every package into CI's closing line, "N passed, N failed".
//   node scripts/sum-test-results.mjs [--run=LABEL:DIR ...] [failed step ...]
// Without --run it reads the reports in the workspace (packages/*/.vitest/results.json and
// apps/*/...), whose test step is named "test". Each --run names a test run whose reports were
// moved to DIR with the same layout, and whose step is named "test (LABEL)"; the runs are summed.
// Every failed step that is not a test failure counts as one: a step outside the tests, or a test
// step whose run reported no failure (it crashed before reporting).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const runs = args
  .filter((arg) => arg.startsWith('--run='))
  .map((arg) => {
    const [label, ...dir] = arg.slice('--run='.length).split(':');
    return { label, dir: dir.join(':'), step: `test (${label})` };
  });
const failedSteps = args.filter((arg) => !arg.startsWith('--run='));
const labelled = runs.length > 0;
if (!labelled) runs.push({ label: '', dir: '.', step: 'test' });

let passed = 0;
let failed = 0;
for (const run of runs) {
  const counts = { passed: 0, failed: 0, failures: [] };
  for (const group of ['packages', 'apps']) {
    if (!existsSync(join(run.dir, group))) continue;
    for (const name of readdirSync(join(run.dir, group)).sort()) {
      const report = join(run.dir, group, name, '.vitest', 'results.json');
      if (!existsSync(report)) continue;
      const results = JSON.parse(readFileSync(report, 'utf8'));
      counts.passed += results.numPassedTests;
      counts.failed += results.numFailedTests;
      if (!labelled) {
        console.log(
          `${join(group, name)}: ${results.numPassedTests} passed, ${results.numFailedTests} failed`,
        );
      }
      counts.failures.push(...failuresOf(results, join(group, name)));
    }
  }
  if (labelled) console.log(`${run.label}: ${counts.passed} passed, ${counts.failed} failed`);
  // What failed, named, so that the end of a long log says which tests to look at.
  for (const failure of counts.failures) console.log(`  failed: ${failure}`);
  if (failedSteps.includes(run.step) && counts.failed === 0) counts.failed = 1;
  passed += counts.passed;
  failed += counts.failed;
}
for (const step of failedSteps) console.log(`step failed: ${step}`);
const testSteps = new Set(runs.map((run) => run.step));
failed += failedSteps.filter((step) => !testSteps.has(step)).length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);

/**
 * One line per failed test of a vitest JSON report ("<package> <file> > <test>"), and one per
 * test file that failed outside its tests (a hook or an import), with its message's first line.
 */
function failuresOf(results, packageDir) {
  const lines = [];
  for (const file of results.testResults ?? []) {
    const path = file.name.slice(file.name.lastIndexOf(`${packageDir}/`) + packageDir.length + 1);
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests) lines.push(`${packageDir} ${path} > ${test.fullName}`);
    if (file.status === 'failed' && failedTests.length === 0) {
      const reason = (file.message ?? '').split('\n')[0];
      lines.push(`${packageDir} ${path}: ${reason}`);
    }
  }
  return lines.map((line) => (line.length > 240 ? `${line.slice(0, 237)}...` : line));
}
