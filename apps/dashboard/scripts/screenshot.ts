// Writes docs/dashboard.png from a real run: a Temporal dev server, the fake Hacker News API
// (its generated id space), the pipeline's workflows on a worker storing to SQLite (a day of
// hourly partitions backfilled, one hour failing, a top-stories run), then the dashboard over
// that store in headless Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { startFakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv, waitFor } from '@hn/testing';
import {
  HackerNewsBackfillWorkflow,
  HackerNewsIngestWorkflow,
  HackerNewsWorkflow,
  ingestProgressQuery,
} from '@hn/workflows';
import { workflowsPath } from '@hn/workflows/worker';
import { Worker } from '@temporalio/worker';
import { startDashboard } from '../src/index';
import { launchHeadlessChromium } from '../test/headless-chromium';

const OUT =
  process.env.HN_SCREENSHOT_OUT ??
  fileURLToPath(new URL('../../../docs/dashboard.png', import.meta.url));
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const [env, api, workflowBundle] = await Promise.all([
  createLocalEnv(),
  startFakeHackerNewsApi({ seed: 1, generatedSpace: true, itemsPerHour: 300 }),
  bundleWorkflowsOnce(workflowsPath()),
]);
const space = api.space!;
const filename = join(mkdtempSync(join(tmpdir(), 'hn-dashboard-shot-')), 'hn.db');
const store = await createStore({ kind: 'sqlite', filename });
const client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 5_000 });
const taskQueue = 'hn-dashboard-screenshot';
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue,
  workflowBundle,
  activities: createActivities({
    client,
    store,
    items: store,
    itemRetry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
  }),
});
const dayEnd = Math.floor((space.itemTime(space.maxItem)! * 1000) / DAY_MS) * DAY_MS;
const dayStart = dayEnd - DAY_MS;
await worker.runUntil(async () => {
  const start = (
    workflow: typeof HackerNewsBackfillWorkflow,
    workflowId: string,
    args: unknown[],
  ) => env.client.workflow.start(workflow, { taskQueue, workflowId, args: args as never });
  const backfill = await start(HackerNewsBackfillWorkflow, 'backfill-day', [
    {
      start: new Date(dayStart).toISOString(),
      end: new Date(dayEnd).toISOString(),
      parallelism: 4,
    },
  ]);
  await backfill.result();
  // Then one hour of the day is ingested again and cancelled while an id hangs: its partition
  // is recorded failed.
  const hour = space.idRangeForWindow(
    (dayStart + 14 * HOUR_MS) / 1000,
    (dayStart + 15 * HOUR_MS) / 1000,
  )!;
  api.setFaults({ itemFaults: { [hour.fromId + 100]: 'hang' } });
  const failing = await env.client.workflow.start(HackerNewsIngestWorkflow, {
    taskQueue,
    workflowId: 'ingest-cancelled',
    args: [
      {
        start: new Date(dayStart + 14 * HOUR_MS).toISOString(),
        end: new Date(dayStart + 15 * HOUR_MS).toISOString(),
      },
    ],
  });
  await waitFor(
    'the ingest fetching items',
    async () => (await failing.query(ingestProgressQuery)).activitiesInFlight > 0,
    { timeoutMs: 60_000 },
  );
  await failing.cancel();
  await failing.result().catch(() => undefined);
  api.setFaults({ itemFaults: {} });
  await env.client.workflow.execute(HackerNewsWorkflow, {
    taskQueue,
    workflowId: 'top-stories',
    args: [{ limit: 30 }],
  });
});

const dashboard = await startDashboard({
  destination: `sqlite:${filename}`,
  temporalAddress: env.address,
  webUiUrl: 'http://127.0.0.1:8233',
});
const context = await launchHeadlessChromium();
try {
  const page = await context.newPage();
  await page.goto(dashboard.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('.cell.f').first().click();
  await page.waitForSelector('#partition-detail h3');
  await page.screenshot({ path: OUT, fullPage: true });
  process.stdout.write(`Wrote ${OUT}\n`);
} finally {
  await context.close();
  await dashboard.close();
  await client.close();
  await api.close();
  await store.close();
  await env.teardown();
}
