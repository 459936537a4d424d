// A worker whose SQLite destination opens but cannot be written fails at start-up, saying which
// file and what to do, instead of saying "Worker ready" and failing the first ingest minutes later.
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStore } from '@hn/storage';
import { createLocalEnv, startProcess } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './worker-process';

const APP = fileURLToPath(new URL('..', import.meta.url));
/** Root writes through mode bits: as root, the worker runs as `nobody`, for whom they hold. */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let env: TestWorkflowEnvironment;
const dir = mkdtempSync(join(tmpdir(), 'hn-read-only-'));

beforeAll(async () => {
  env = await createLocalEnv();
});
afterAll(async () => {
  await env?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

describe('worker start-up on a destination it cannot write', () => {
  it('exits 1 before "Worker ready", naming the read-only file', async () => {
    // The folder is writable (SQLite opens the file and its -shm there); only the file is not.
    chmodSync(dir, 0o755);
    const folder = mkdtempSync(join(dir, 'data-'));
    const filename = join(folder, 'hn.db');
    // A database the worker would find up to date (nothing to migrate), then made read-only.
    await (await createStore({ kind: 'sqlite', filename })).close();
    chmodSync(filename, 0o444);
    if (asRoot) for (const path of [folder, filename]) chownSync(path, NOBODY, NOBODY);

    assertBuilt();
    const worker = startProcess(process.execPath, [join(APP, 'dist/main.js')], {
      cwd: APP,
      env: {
        ...process.env,
        // `nobody` cannot read root's home (Temporal's config file is looked for there).
        HOME: folder,
        HN_METRICS_ADDRESS: 'off',
        LOG_FORMAT: 'json',
        TEMPORAL_ADDRESS: env.address,
        HN_API_URL: 'http://127.0.0.1:9/v0',
        HN_DESTINATION: `sqlite:${filename}`,
      },
      ...(asRoot && { uid: NOBODY, gid: NOBODY }),
    });
    // Before the check, this worker said "Worker ready" and ran on: give up after 30 s.
    const outcome = await Promise.race([
      worker.exited,
      new Promise<string>((resolve) => setTimeout(resolve, 30_000, 'still running')),
    ]).finally(() => worker.stop('SIGKILL'));
    expect(outcome).toBe(1);
    const output = worker.output();
    expect(output).not.toContain('Worker ready');
    expect(output).toContain(
      `worker: The store SQLite ${filename} cannot be written: the file ${filename} is not writable (EACCES).`,
    );
    expect(output).toContain('Make the file and its folder writable by this user');
  });
});
