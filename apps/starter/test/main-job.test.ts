import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStore } from '@hn/storage';
import { freePort, startProcess } from '@hn/testing';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('the main job (pnpm start), run as a user would', () => {
  it('offline: prints a 10-row table, stores 10 stories, and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hn-main-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    const run = startProcess(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        'scripts/start.ts',
        '--offline',
        '--exit',
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
        '--data-dir',
        dataDir,
      ],
      { cwd: root, env: { ...process.env, CI: 'true' } },
    );
    const code = await run.exited;
    const output = run.output();
    expect(code, output).toBe(0);
    expect(output).toContain('[10 rows x 3 columns]');
    const rows = output.split('\n').filter((line) => /^\s*\d+\s{2}\S/.test(line));
    expect(rows).toHaveLength(10);
    expect(output).toContain(`Temporal Web UI: http://localhost:${uiPort}`);
    expect(output).toMatch(/Top words in titles/);

    const store = await createStore({ kind: 'sqlite', filename: join(dataDir, 'hn-pipeline.db') });
    try {
      expect(await store.countRows()).toMatchObject({ stories: 10, runs: 1, run_stories: 10 });
    } finally {
      await store.close();
    }
  });

  it('rejects a bad flag with a clear message and a non-zero exit, starting nothing', async () => {
    const run = startProcess(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'scripts/start.ts', '--port', 'seventy'],
      { cwd: root },
    );
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/--port must be a port number from 1 to 65535, got "seventy"/);
  });
});
