// A store filled by real ingest runs: the ingest workflow on Temporal's time-skipping test
// server, its activities fetching from the fake Hacker News API (a real HTTP server) and saving
// to SQLite or PostgreSQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore, type SqlStore, type StoreConfig, type StoreKind } from '@hn/storage';
import { bundleWorkflowsOnce, createTimeSkippingEnv } from '@hn/testing';
import { startTestPostgres, type TestPostgres } from '@hn/testing/postgres';
import { HackerNewsIngestWorkflow, type HackerNewsIngestInput } from '@hn/workflows';
import { workflowsPath } from '@hn/workflows/worker';
import { Worker } from '@temporalio/worker';

export const HOUR_MS = 3_600_000;

export interface IngestedStore {
  config: StoreConfig;
  store: SqlStore;
  api: FakeHackerNewsApi;
  /** Runs the ingest workflow once; resolves whether it completed or failed. */
  ingest(input: HackerNewsIngestInput): Promise<'completed' | 'failed'>;
  close(): Promise<void>;
}

let runs = 0;

/** A new store of `kind` with a fake API (500 items an hour) and a time-skipping server. */
export async function startIngestedStore(kind: StoreKind): Promise<IngestedStore> {
  let postgres: TestPostgres | undefined;
  let config: StoreConfig;
  if (kind === 'postgres') {
    postgres = await startTestPostgres();
    config = { kind, url: await postgres.createDatabase() };
  } else {
    config = { kind, filename: join(mkdtempSync(join(tmpdir(), 'hn-read-model-')), 'hn.db') };
  }
  const [env, api, workflowBundle] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({
      seed: 1,
      generatedSpace: true,
      maxItem: 1_000_000,
      itemsPerHour: 500,
    }),
    bundleWorkflowsOnce(workflowsPath()),
  ]);
  const store = await createStore(config);
  const client = createHackerNewsClient({
    baseUrl: api.baseUrl,
    timeoutMs: 2_000,
    maxConcurrency: 64,
  });
  const taskQueue = 'hn-read-model-test';
  return {
    config,
    store,
    api,
    async ingest(input) {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle,
        activities: createActivities({
          client,
          store,
          items: store,
          itemRetry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 10 },
        }),
      });
      return worker.runUntil(async () => {
        const handle = await env.client.workflow.start(HackerNewsIngestWorkflow, {
          taskQueue,
          workflowId: `read-model-ingest-${++runs}`,
          args: [input],
        });
        return handle.result().then(
          () => 'completed' as const,
          () => 'failed' as const,
        );
      });
    },
    async close() {
      await client.close();
      await api.close();
      await store.close();
      await env.teardown();
      await postgres?.stop();
    },
  };
}
