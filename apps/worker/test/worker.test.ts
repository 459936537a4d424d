import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { createLocalEnv, freePort, startProcess, waitFor } from '@hn/testing';
import { TASK_QUEUE } from '@hn/contract';
import { HackerNewsWorkflow, progressQuery, type HackerNewsReport } from '@hn/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE_PATH } from '../src/bundle';
import { startWorker } from './worker-process';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;

beforeAll(async () => {
  [env, api] = await Promise.all([createLocalEnv(), startFakeHackerNewsApi({ seed: 1 })]);
});
afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

function workerEnv(dir: string, extra: Record<string, string> = {}) {
  return {
    TEMPORAL_ADDRESS: env.address,
    HN_API_URL: api.baseUrl,
    HN_DESTINATION: `sqlite:${join(dir, 'hn.db')}`,
    ...extra,
  };
}

describe('worker app', () => {
  it('refuses to start on bad configuration, saying what to fix', async () => {
    const worker = startWorker({
      TEMPORAL_ADDRESS: env.address,
      HN_HTTP_CONCURRENCY: '0',
      HN_DESTINATION: 'mysql://x',
    });
    expect(await worker.exited).toBe(1);
    // The destination's scheme is checked after the configuration, so only the concurrency is
    // listed, and nothing else is printed.
    expect(worker.output()).toBe(
      'worker: Invalid worker configuration:\n' +
        '  - HN_HTTP_CONCURRENCY must be an integer from 1 to 1000, got "0"\n',
    );
  });

  it('rejects a destination it cannot use before connecting', async () => {
    const worker = startWorker({ TEMPORAL_ADDRESS: env.address, HN_DESTINATION: 'mysql://db/hn' });
    expect(await worker.exited).toBe(1);
    // Storage's message through the worker's fatal-error path, which redacts the password of
    // every URL, the example's included.
    expect(worker.output()).toBe(
      'worker: Unsupported destination scheme "mysql://". Use "sqlite:./data/hn.db", a path ' +
        'such as "./data/hn.db", or "postgres://user:***@host:5432/database".\n',
    );
  });

  it('says where it tried and how to start a server when Temporal is unreachable', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const worker = startWorker({ TEMPORAL_ADDRESS: address });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(`worker: Cannot connect to Temporal at ${address}`);
    expect(worker.output()).toMatch(/'pnpm start'.*'temporal server start-dev'/);
  });

  it('refuses a prebuilt bundle that does not exist, saying how to build it', async () => {
    const worker = startWorker({
      TEMPORAL_ADDRESS: env.address,
      HN_WORKFLOW_BUNDLE: '/nonexistent/workflow-bundle.js',
    });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(
      "HN_WORKFLOW_BUNDLE=/nonexistent/workflow-bundle.js: no such file. Build it with 'pnpm --filter worker build', or set HN_WORKFLOW_BUNDLE=off",
    );
  });

  it('`pnpm --filter worker dev` bundles the workflows from source even when a prebuilt bundle exists', async () => {
    expect(existsSync(DEFAULT_BUNDLE_PATH)).toBe(true);
    const dev = startProcess('pnpm', ['--filter', 'worker', 'dev'], {
      cwd: ROOT,
      // Its own process group, so stopping it reaches the node process under pnpm and tsx.
      detached: true,
      env: {
        ...process.env,
        ...workerEnv(mkdtempSync(join(tmpdir(), 'hn-worker-dev-'))),
        HN_WORKFLOW_BUNDLE: DEFAULT_BUNDLE_PATH,
        HN_METRICS_ADDRESS: 'off',
        LOG_FORMAT: 'json',
      },
    });
    try {
      await dev.waitForOutput(/"Worker ready"/, 120_000);
      expect(dev.output()).toMatch(/"Worker ready".*"workflows":"bundled at start-up"/);
    } finally {
      process.kill(-dev.child.pid!, 'SIGTERM');
      await dev.exited;
    }
  });

  it('drains an in-flight activity on SIGTERM, and the run finishes on the next worker with every story stored once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hn-worker-'));
    api.setFaults({ latencyMs: 1500 });
    const metrics = `127.0.0.1:${await freePort()}`;
    const first = startWorker(
      workerEnv(dir, { HN_SHUTDOWN_GRACE_MS: '20000', HN_METRICS_ADDRESS: metrics }),
    );
    await first.waitForOutput(/"Worker ready"/);
    expect(first.output()).toMatch(/"Worker ready".*"workflows":"prebuilt bundle"/);

    const handle = await env.client.workflow.start(HackerNewsWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: 'drain-on-shutdown',
      args: [{ limit: 10, concurrency: 10, output: 'report' }],
    });
    await waitFor('items in flight', () => api.stats().byKind.item > 0 || api.stats().inFlight > 1);
    expect(await handle.query(progressQuery)).toMatchObject({ phase: 'fetching', fetched: 0 });
    // The SDK runtime's Prometheus metrics count the fetchStories task this worker received.
    const exposition = await (await fetch(`http://${metrics}/metrics`)).text();
    expect(exposition).toMatch(
      /^temporal_activity_task_received\{activity_type="fetchStories".*\} [1-9]/m,
    );

    expect(await first.stop('SIGTERM', 30_000)).toBe(0);
    // The activity in flight finished during the drain instead of being abandoned.
    expect(first.output()).toMatch(/fetchStories: done/);
    expect(first.output()).toMatch(/"Worker stopped"/);

    api.setFaults({ latencyMs: 0 });
    const second = startWorker(workerEnv(dir));
    try {
      const report = (await handle.result()) as HackerNewsReport;
      expect(report.stories).toHaveLength(10);
      expect(report.stored).toBe(true);
    } finally {
      await second.stop();
    }
    const store = await createStore({ kind: 'sqlite', filename: join(dir, 'hn.db') });
    try {
      expect(await store.countRows()).toMatchObject({ stories: 10, runs: 1, run_stories: 10 });
    } finally {
      await store.close();
    }
  });
});
