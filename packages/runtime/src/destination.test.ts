import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultDestination } from './destination';

describe('defaultDestination', () => {
  it("is the workspace root's data file from any folder of the workspace", () => {
    const root = mkdtempSync(join(tmpdir(), 'hn-workspace-'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: [apps/*]\n');
    const starter = join(root, 'apps', 'starter', 'src');
    const worker = join(root, 'apps', 'worker');
    mkdirSync(starter, { recursive: true });
    mkdirSync(worker, { recursive: true });
    const expected = `sqlite:${join(root, '.data', 'hn-pipeline.db')}`;
    expect(defaultDestination(starter)).toBe(expected);
    expect(defaultDestination(worker)).toBe(expected);
    expect(defaultDestination(root)).toBe(expected);
  });

  it('is the data file of the folder itself outside a workspace, as a deployed worker has it', () => {
    const deployed = mkdtempSync(join(tmpdir(), 'hn-deployed-'));
    expect(defaultDestination(deployed)).toBe(
      `sqlite:${join(deployed, '.data', 'hn-pipeline.db')}`,
    );
  });

  it("is this repository's root data file from here, in no app's folder", () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    expect(defaultDestination()).toBe(`sqlite:${join(root, '.data', 'hn-pipeline.db')}`);
  });
});
