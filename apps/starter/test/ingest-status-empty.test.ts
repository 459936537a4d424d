// `ingest status` before anything was ingested (a fresh clone: the worker's SQLite file does not
// exist yet) answers "no partitions yet" and what to do, exits 0 and creates no file.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { runStarter } from './cli';

const cli = (...args: string[]) =>
  runStarter(args, { stdout: { columns: 120 }, stderr: { columns: 120 } });

afterEach(() => {
  delete process.env.HN_DESTINATION;
});

describe('ingest status with no database yet', () => {
  // A folder that does not exist either, as the workspace's .data on a fresh clone.
  const filename = join(mkdtempSync(join(tmpdir(), 'hn-status-')), '.data', 'hn-pipeline.db');

  it('says there are no partitions yet and how to get some, exit 0, no file created', async () => {
    process.env.HN_DESTINATION = `sqlite:${filename}`;
    const { code, stdout, stderr } = await cli('ingest', 'status');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        `No partitions yet: ${filename} does not exist.`,
        'The worker creates it when it starts (pnpm --filter worker start) and an ingest fills it',
        '(pnpm --filter starter ingest --ids 1..2000). If the worker writes elsewhere, set',
        "HN_DESTINATION to the worker's destination.",
        '',
      ].join('\n'),
    );
    expect(existsSync(join(filename, '..'))).toBe(false);
  });

  it('prints an empty JSON list with --json', async () => {
    process.env.HN_DESTINATION = `sqlite:${filename}`;
    const { code, stdout, stderr } = await cli('ingest', 'status', '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual([]);
    expect(existsSync(join(filename, '..'))).toBe(false);
  });

  it('still checks its flags first', async () => {
    process.env.HN_DESTINATION = `sqlite:${filename}`;
    const { code, stderr } = await cli('ingest', 'status', '--from', 'yesterday');
    expect(code).toBe(2);
    expect(stderr).toContain(
      'error: --from must be an ISO-8601 time such as 2025-01-01T09:00:00Z, got "yesterday"',
    );
  });
});
