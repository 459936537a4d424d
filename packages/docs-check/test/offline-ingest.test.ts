import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  OFFLINE_API_OPTIONS,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
} from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { startDevServer, startProcess, type DevServer, type ManagedProcess } from '@hn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The offline API `pnpm start` serves (OFFLINE_API_OPTIONS) against the path a reader takes:
// the dev server, the worker as it ships (dist/main.js) and `pnpm --filter starter ingest --last
// 1h` as the README shows it. Offline, the last hour has items, timed inside the hour.

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** A submission's `time` can lie up to two minutes before its id (as on the real site). */
const JITTER_SECONDS = 120;

let server: DevServer;
let api: FakeHackerNewsApi;
let worker: ManagedProcess;
let dataDir: string;

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    HN_API_URL: api.baseUrl,
    HN_DESTINATION: `sqlite:${join(dataDir, 'hn.db')}`,
    HN_METRICS_ADDRESS: 'off',
    LOG_FORMAT: 'json',
    CI: 'true',
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hn-offline-'));
  [server, api] = await Promise.all([
    startDevServer({ dbFilename: join(dataDir, 'temporal.db') }),
    startFakeHackerNewsApi(OFFLINE_API_OPTIONS),
  ]);
  worker = startProcess(process.execPath, ['apps/worker/dist/main.js'], { cwd: root, env: env() });
  await worker.waitForOutput(/Worker ready/, 90_000);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([server?.stop(), api?.close()]);
});

describe("pnpm start's offline API", () => {
  it('ingest --last 1h stores the last hour of items, timed inside it', async () => {
    const startedAt = Date.now() / 1000;
    const child = startProcess(
      'pnpm',
      ['--filter', 'starter', 'ingest', '--last', '1h', '--json'],
      {
        cwd: root,
        env: env(),
      },
    );
    const code = await child.exited;
    const output = child.output();
    expect(code, output).toBe(0);
    const result = JSON.parse(output.slice(output.indexOf('{'))) as {
      fromId: number;
      toId: number;
      total: number;
    };
    // About 600 ids an hour.
    expect(result.total).toBeGreaterThan(500);
    expect(result.total).toBeLessThan(700);
    expect(result.toId).toBeLessThanOrEqual(api.maxItem);

    const store = await createStore({ kind: 'sqlite', filename: join(dataDir, 'hn.db') });
    try {
      const rows = await store.db
        .selectFrom('items')
        .select(['id', 'time', 'status'])
        .where('id', '>=', result.fromId)
        .where('id', '<=', result.toId)
        .execute();
      expect(rows).toHaveLength(result.total);
      const times = rows.flatMap((row) => (row.time === null ? [] : [row.time]));
      expect(times.length).toBeGreaterThan(500);
      const windowStart = startedAt - 3600;
      for (const time of times) {
        expect(time).toBeGreaterThanOrEqual(windowStart - 60 - JITTER_SECONDS);
        expect(time).toBeLessThanOrEqual(Date.now() / 1000);
      }
      // All but the few submissions timed before their id are inside the hour.
      const inside = times.filter((time) => time >= windowStart - 60).length;
      expect(inside / times.length).toBeGreaterThan(0.97);
    } finally {
      await store.close();
    }
  });
});
