import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDataset } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { freePort, startProcess } from '@hn/testing';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('the main job (pnpm start), run as a user would', () => {
  it('offline: prints a 10-row table, stores 10 stories, serves the dashboard, follows new items while kept, and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hn-main-'));
    const [port, uiPort, dashboardPort] = [await freePort(), await freePort(), await freePort()];
    const run = startProcess(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        'scripts/start.ts',
        '--offline',
        '--keep',
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
        '--dashboard-port',
        String(dashboardPort),
        '--data-dir',
        dataDir,
      ],
      { cwd: root, env: { ...process.env, CI: 'true' } },
    );
    // Kept running after the result: the dashboard answers over the stored run, then SIGTERM
    // stops everything and the run exits 0.
    await run.waitForOutput(/keep running\. Press Ctrl-C to stop\./, 240_000);
    const dashboardUrl = `http://127.0.0.1:${dashboardPort}/`;
    expect(run.output()).toContain(`Dashboard: ${dashboardUrl}`);
    const health = await fetch(new URL('/api/health', dashboardUrl));
    expect(health.status).toBe(200);
    const body = (await health.json()) as { lastRuns: { kind: string }[] };
    expect(body.lastRuns.map((r) => r.kind)).toContain('top-stories');
    // Meanwhile the follower runs (started as `ingest follow` starts it) and its lag is printed;
    // SIGTERM ends it through its update before the servers stop.
    expect(run.output()).toMatch(/Following new items live as hackernews-follow-/);
    const followerLine =
      /\[hn-pipeline\] Follower: cursor (\d+), lag \d+ ids \/ \d+ s, (\d+) stored, \d+ refreshed\n/;
    await run.waitForOutput(followerLine, 60_000);
    const [, cursor] = followerLine.exec(run.output())!;
    expect(Number(cursor)).toBeGreaterThan(1_000_000);
    const code = await run.stop('SIGTERM', 60_000);
    const output = run.output();
    expect(code, output).toBe(0);
    expect(output).toMatch(/\[hn-pipeline\] Follower stopped: cursor \d+, lag \d+ ids/);
    expect(output).toContain('[10 rows x 3 columns]');
    // The offline dataset is the fake API's, seed 1: its top 10 stories, in order.
    const dataset = createDataset({ seed: 1 });
    const top10 = dataset.lists.top.slice(0, 10);
    const rows = output.split('\n').filter((line) => /^\s*\d+\s{2}\S/.test(line));
    expect(rows.map((row) => Number(/^\s*(\d+)/.exec(row)![1]))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(output).toContain(`Temporal Web UI: http://localhost:${uiPort}`);
    expect(output).toContain('\nTop words in titles\n');

    const store = await createStore({ kind: 'sqlite', filename: join(dataDir, 'hn-pipeline.db') });
    try {
      expect(await store.countRows()).toMatchObject({ stories: 10, runs: 1, run_stories: 10 });
      const run = await store.latestRun();
      const stored = await store.storiesOfRun(run!.runId);
      expect(stored.map((story) => story.id)).toEqual(top10);
      // Each row shows its story: the start of its title and its author.
      stored.forEach((story, i) => {
        expect(rows[i]).toContain(story.title.slice(0, 10));
        expect(rows[i]).toContain(` ${story.by} `);
      });
      expect(output).toContain(
        `: 10 stories, 1 runs, ${(await store.countRows()).word_counts} word counts`,
      );
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
    expect(run.output()).toBe(
      '[hn-pipeline] error: --port must be a port number from 1 to 65535, got "seventy"\n',
    );
  });
});
