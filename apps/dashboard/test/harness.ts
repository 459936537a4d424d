// A dashboard over a store filled by real runs: the ingest and backfill workflows on a Temporal
// dev server, their activities fetching from the fake Hacker News API (a real HTTP server) whose
// items include hostile titles and urls, and the dashboard's own server in front of the store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import {
  defineDataset,
  hostileStory,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type HnItem,
} from '@hn/fake-hn-api';
import { createFollowStore, createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv, waitFor } from '@hn/testing';
import { HackerNewsIngestWorkflow, ingestProgressQuery } from '@hn/workflows';
import { workflowsPath } from '@hn/workflows/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { startDashboard, type RunningDashboard } from '../src/index';

export const HOUR_MS = 3_600_000;
/** The day the dataset's items were made on. */
export const DAY = Date.UTC(2025, 0, 1);
/** Hour 10: stories with hostile titles and urls, all stored. */
export const STORED_HOUR = DAY + 10 * HOUR_MS;
/** Hour 9: completed, then a hole is forced before its first id, so its contiguity check fails. */
export const HOLE_HOUR = DAY + 9 * HOUR_MS;
/** Hour 11: its ingest is cancelled mid-way, and the partition is recorded failed. */
export const FAILED_HOUR = DAY + 11 * HOUR_MS;
/** Hours 12 to 18: what the backfill test ingests, slowly. */
export const BACKFILL_START = DAY + 12 * HOUR_MS;
export const BACKFILL_HOURS = 6;

export const HOSTILE_TITLES = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  'Click me',
] as const;
export const JAVASCRIPT_URL = 'javascript:window.__pwned=3';

const PER_HOUR = 6;
/** The dataset's first hour: ids `1..PER_HOUR` are timed in it, and so on hour by hour. */
const FIRST_HOUR = 8;

function dataset() {
  const items: HnItem[] = [];
  let id = 0;
  for (let hour = FIRST_HOUR; hour < 12 + BACKFILL_HOURS; hour += 1) {
    for (let i = 0; i < PER_HOUR; i += 1) {
      id += 1;
      const time = (DAY + hour * HOUR_MS) / 1000 + i * 300 + 1;
      const title = hour === 10 && i < HOSTILE_TITLES.length ? HOSTILE_TITLES[i] : `Story ${id}`;
      const url = hour === 10 && i === 2 ? JAVASCRIPT_URL : `https://example.com/${id}`;
      items.push(hostileStory(id, { time, title, url, score: 100 + id }) as unknown as HnItem);
    }
  }
  return defineDataset({ items });
}

export interface DashboardHarness {
  env: TestWorkflowEnvironment;
  api: FakeHackerNewsApi;
  store: SqlStore;
  dashboard: RunningDashboard;
  taskQueue: string;
  /** Runs `fn` while a worker polls the task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startDashboardHarness(): Promise<DashboardHarness> {
  const [env, api, workflowBundle] = await Promise.all([
    createLocalEnv(),
    startFakeHackerNewsApi({ dataset: dataset() }),
    bundleWorkflowsOnce(workflowsPath()),
  ]);
  try {
    return await fillAndServe(env, api, workflowBundle);
  } catch (error) {
    // Nothing started here outlives a failed set-up.
    await api.close();
    await env.teardown();
    throw error;
  }
}

async function fillAndServe(
  env: TestWorkflowEnvironment,
  api: FakeHackerNewsApi,
  workflowBundle: Awaited<ReturnType<typeof bundleWorkflowsOnce>>,
): Promise<DashboardHarness> {
  const filename = join(mkdtempSync(join(tmpdir(), 'hn-dashboard-')), 'hn.db');
  const store = await createStore({ kind: 'sqlite', filename });
  const client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2_000 });
  const taskQueue = 'hn-dashboard-test';
  const withWorker = async <T>(fn: () => Promise<T>): Promise<T> => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities: createActivities({
        client,
        store,
        items: store,
        follow: createFollowStore(store.db),
        itemRetry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
      }),
    });
    return worker.runUntil(fn());
  };
  const ingest = (start: number, workflowId: string, cancel = false) =>
    withWorker(async () => {
      const handle = await env.client.workflow.start(HackerNewsIngestWorkflow, {
        taskQueue,
        workflowId,
        args: [
          { start: new Date(start).toISOString(), end: new Date(start + HOUR_MS).toISOString() },
        ],
      });
      if (cancel) {
        // A run cancelled while it fetches records its partition failed.
        await waitFor(
          'the ingest fetching items',
          async () => (await handle.query(ingestProgressQuery)).activitiesInFlight > 0,
          { timeoutMs: 60_000 },
        );
        await handle.cancel();
      }
      return handle.result().catch(() => undefined);
    });
  await ingest(HOLE_HOUR - HOUR_MS, 'dashboard-ingest-before-hole');
  await ingest(HOLE_HOUR, 'dashboard-ingest-hole');
  await ingest(STORED_HOUR, 'dashboard-ingest-stored');
  // A hole forced into the store: the first ids of HOLE_HOUR's range are cut off it, so no
  // partition covers them; the checks, re-run on what is stored, fail its contiguity (and its
  // predecessor's). STORED_HOUR's range still follows HOLE_HOUR's.
  await store.db
    .updateTable('ingest_partitions')
    .set((eb) => ({ from_id: eb('from_id', '+', 2) }))
    .where('window_start', '=', new Date(HOLE_HOUR).toISOString())
    .execute();
  await store.checkPartitions();
  // An id in the middle of the hour never answers: its chunk stays in flight until cancelled.
  api.setFaults({
    itemFaults: {
      [((FAILED_HOUR - DAY) / HOUR_MS - FIRST_HOUR) * PER_HOUR + PER_HOUR / 2]: 'hang',
    },
  });
  await ingest(FAILED_HOUR, 'dashboard-ingest-failed', true);
  api.setFaults({ itemFaults: {} });
  const dashboard = await startDashboard({
    destination: `sqlite:${filename}`,
    temporalAddress: env.address,
    temporalNamespace: env.namespace ?? 'default',
    webUiUrl: 'http://127.0.0.1:1',
  });
  return {
    env,
    api,
    store,
    dashboard,
    taskQueue,
    withWorker,
    async close() {
      await dashboard.close();
      await client.close();
      await store.close();
      await api.close();
      await env.teardown();
    },
  };
}
