// Fault injection against the real parts: the worker app as a process, the Temporal dev server as
// a process on a persistent database, the fake Hacker News API as an HTTP server, SQLite files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { describeSchedule, ensureSchedule } from '@hn/schedules';
import { createStore } from '@hn/storage';
import { startDevServer, waitFor, type DevServer, type ManagedProcess } from '@hn/testing';
import { TASK_QUEUE } from '@hn/contract';
import {
  HackerNewsWorkflow,
  progressQuery,
  type HackerNewsInput,
  type HackerNewsReport,
} from '@hn/workflows';
import { Client, Connection } from '@temporalio/client';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from './worker-process';

let server: DevServer;
let api: FakeHackerNewsApi;
let connection: Connection;
let client: Client;
const workers: ManagedProcess[] = [];
let runs = 0;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-faults-'));
  [server, api] = await Promise.all([
    startDevServer({ dbFilename: join(dir, 'temporal.db') }),
    startFakeHackerNewsApi({ seed: 1 }),
  ]);
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
  api.resetFaults();
  api.resetStats();
});
afterAll(async () => {
  await connection?.close();
  await api?.close();
  await server?.stop();
});

function newDatabase(): string {
  return join(mkdtempSync(join(tmpdir(), 'hn-faults-db-')), 'hn.db');
}

async function worker(database: string, env: Record<string, string> = {}): Promise<ManagedProcess> {
  const process = startWorker({
    TEMPORAL_ADDRESS: server.address,
    HN_API_URL: api.baseUrl,
    HN_DESTINATION: `sqlite:${database}`,
    ...env,
  });
  workers.push(process);
  await process.waitForOutput(/"Worker ready"/);
  return process;
}

function start(input: HackerNewsInput) {
  return client.workflow.start(HackerNewsWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: `fault-${++runs}`,
    args: [{ ...input, output: 'report' }],
  });
}

async function rowsOf(database: string) {
  const store = await createStore({ kind: 'sqlite', filename: database });
  try {
    return await store.countRows();
  } finally {
    await store.close();
  }
}

/**
 * What a run of the first `limit` top stories of the seed-1 dataset returns: the ids that are
 * stories, in list order, and the others by skip reason (an id with no item answers `null`).
 */
function expectedTop(limit: number) {
  const stories: number[] = [];
  const skipped: Record<string, number[]> = {};
  for (const id of api.dataset.lists.top.slice(0, limit)) {
    const item = api.dataset.items.get(id);
    const reason = !item
      ? 'null'
      : 'deleted' in item
        ? 'deleted'
        : 'dead' in item && item.dead
          ? 'dead'
          : undefined;
    if (reason) (skipped[reason] ??= []).push(id);
    else stories.push(id);
  }
  return { stories, skipped };
}

function skippedByReason(report: HackerNewsReport): Record<string, number[]> {
  const byReason: Record<string, number[]> = {};
  for (const { id, reason } of report.skipped) (byReason[reason] ??= []).push(id);
  return byReason;
}

describe('fault injection', () => {
  it('a worker killed with SIGKILL mid-run: the restarted worker finishes it, every story stored once', async () => {
    const database = newDatabase();
    api.setFaults({ latencyMs: 150 });
    const first = await worker(database);
    const handle = await start({ limit: 100, chunkSize: 10, concurrency: 10 });
    await waitFor('30 items fetched', () => api.stats().byKind.item >= 30);
    await first.stop('SIGKILL');

    await worker(database);
    const report = (await handle.result()) as HackerNewsReport;
    const expected = expectedTop(100);
    expect(report.stories.map((story) => story.id)).toEqual(expected.stories);
    expect(skippedByReason(report)).toEqual(expected.skipped);
    expect(report.stored).toBe(true);
    // Items were fetched more than once (the killed attempts), but each story is stored once.
    expect(api.stats().byKind.item).toBeGreaterThan(100);
    expect(await rowsOf(database)).toMatchObject({
      runs: 1,
      stories: expected.stories.length,
      run_stories: expected.stories.length,
      run_skipped: 100 - expected.stories.length,
    });
  });

  it('an API serving 30% 5xx, hung requests and malformed JSON: every valid story arrives, permanent failures are reported', async () => {
    const database = newDatabase();
    await worker(database, { HN_HTTP_TIMEOUT_MS: '1000' });
    const baseline = (await (
      await start({ limit: 60, chunkSize: 10 })
    ).result()) as HackerNewsReport;

    const ids = api.dataset.lists.top.slice(0, 60);
    const [gone, broken] = [ids[4]!, ids[17]!];
    api.resetStats();
    api.setFaults({
      errorRate: 0.3,
      hangRate: 0.03,
      malformedRate: 0.05,
      itemFaults: { [gone]: 'not-found', [broken]: 'invalid' },
    });
    const report = (await (await start({ limit: 60, chunkSize: 10 })).result()) as HackerNewsReport;
    const faults = api.stats().faults;
    expect(faults.error).toBeGreaterThan(5);
    expect(faults.hang).toBeGreaterThan(0);
    expect(faults.malformed).toBeGreaterThan(0);

    const expected = baseline.stories.filter((s) => s.id !== gone && s.id !== broken);
    expect(report.stories).toEqual(expected);
    const reasons = new Map(report.skipped.map((s) => [s.id, s.reason]));
    expect(reasons.get(gone)).toBe('not-found');
    expect(reasons.get(broken)).toBe('invalid-payload');
    expect([...reasons.values()]).not.toContain('unavailable');
    // A permanent failure is not retried like a transient one.
    expect(api.stats().byItem[gone]).toBeLessThanOrEqual(3);
  });

  it('the dev server restarted on its persistent database mid-run: the run and the schedule survive', async () => {
    const database = newDatabase();
    await ensureSchedule(client, { scheduleId: 'survives-restart', every: '1h', paused: true });
    api.setFaults({ latencyMs: 200 });
    await worker(database);
    const handle = await start({ limit: 60, chunkSize: 5, concurrency: 5 });
    await waitFor('the run fetching', async () => (await handle.query(progressQuery)).fetched > 0);

    await server.restart();

    const report = (await handle.result()) as HackerNewsReport;
    const expected = expectedTop(60);
    expect(report.stories.map((story) => story.id)).toEqual(expected.stories);
    expect(skippedByReason(report)).toEqual(expected.skipped);
    const schedule = await describeSchedule(client, { scheduleId: 'survives-restart' });
    expect(schedule.state.paused).toBe(true);
    expect(await rowsOf(database)).toMatchObject({
      runs: 1,
      stories: expected.stories.length,
      run_stories: expected.stories.length,
      run_skipped: 60 - expected.stories.length,
    });
  });

  it('the destination unavailable for a while: the write retries, nothing lost, nothing duplicated', async () => {
    const database = newDatabase();
    await worker(database);
    // Another connection holds SQLite's write lock: every write fails with SQLITE_BUSY until it
    // lets go.
    const blocker = new Database(database);
    blocker.pragma('busy_timeout = 0');
    blocker.exec('BEGIN EXCLUSIVE');
    const handle = await start({ limit: 20 });
    await waitFor(
      'a failed storeRun attempt',
      async () => {
        const { pendingActivities } = await handle.describe().then((d) => d.raw);
        return pendingActivities?.some(
          (a) => a.activityType?.name === 'storeRun' && (a.attempt ?? 0) >= 2,
        );
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    blocker.exec('COMMIT');
    blocker.close();

    const report = (await handle.result()) as HackerNewsReport;
    const expected = expectedTop(20);
    expect(report.stories.map((story) => story.id)).toEqual(expected.stories);
    expect(report.stored).toBe(true);
    expect(report.topWords).toHaveLength(10);
    expect(await rowsOf(database)).toMatchObject({
      runs: 1,
      stories: expected.stories.length,
      run_stories: expected.stories.length,
      run_skipped: 20 - expected.stories.length,
      word_counts: 10,
    });
  });
});
