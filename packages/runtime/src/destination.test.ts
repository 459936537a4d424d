import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DESTINATION, defaultDestination } from './destination';

describe('defaultDestination', () => {
  it("resolves the workspace worker's data file from any folder of the workspace", () => {
    const root = mkdtempSync(join(tmpdir(), 'hn-workspace-'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: [apps/*]\n');
    const starter = join(root, 'apps', 'starter', 'src');
    mkdirSync(starter, { recursive: true });
    const expected = `sqlite:${join(root, 'apps', 'worker', '.data', 'hn-pipeline.db')}`;
    expect(defaultDestination(starter)).toBe(expected);
    expect(defaultDestination(root)).toBe(expected);
  });

  it('is the data file of the folder itself outside a workspace, as a deployed worker has it', () => {
    const deployed = mkdtempSync(join(tmpdir(), 'hn-deployed-'));
    expect(defaultDestination(deployed)).toBe(
      `sqlite:${join(deployed, '.data', 'hn-pipeline.db')}`,
    );
    expect(DEFAULT_DESTINATION).toBe('sqlite:.data/hn-pipeline.db');
  });

  it("is this repository's worker data file from here", () => {
    expect(defaultDestination()).toMatch(/apps[/\\]worker[/\\]\.data[/\\]hn-pipeline\.db$/);
  });
});
