// Records workflow histories into test/histories for the replay test. Run after an intended,
// replay-safe change to the workflow (`pnpm --filter @hn/workflows record-histories`), and commit
// the files: a change that breaks replay of old histories then fails CI. Names after the command
// (`record-histories backfill-continue-as-new`) record only those.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { HackerNewsFollowInput } from '@hn/contract';
import { WorkflowContinuedAsNewError } from '@temporalio/client';
import {
  HackerNewsBackfillWorkflow,
  HackerNewsFollowWorkflow,
  HackerNewsIngestWorkflow,
  HackerNewsWorkflow,
  type HackerNewsBackfillInput,
  type HackerNewsIngestInput,
  type HackerNewsInput,
} from '../src';
import { startHarness, type PipelineHarness } from './helpers';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const cases: Array<[string, HackerNewsInput | undefined, (h: PipelineHarness) => void]> = [
  ['tutorial-default', undefined, () => {}],
  [
    'report-100-chunked',
    { limit: 100, chunkSize: 20, concurrency: 10, output: 'report' },
    () => {},
  ],
  [
    'outage-and-skips',
    { limit: 20, chunkSize: 10, output: 'report' },
    (h) => {
      const ids = h.api.dataset.lists.top;
      h.api.setFaults({
        failNextRequests: 3,
        itemFaults: { [ids[3]!]: 'not-found', [ids[7]!]: 'error' },
      });
    },
  ],
  ['invalid-input', { limit: 0 }, () => {}],
];

// Ingests, recorded from their first run: the one with a continue-as-new ends with it.
const ingestCases: Array<[string, HackerNewsIngestInput]> = [
  [
    'ingest-continue-as-new',
    { fromId: 42_600_001, toId: 42_600_120, chunkSize: 40, chunksPerRun: 2, batchSize: 20 },
  ],
];

// Backfills, recorded from their first run: partition runs as children, then a continue-as-new.
const backfillCases: Array<[string, HackerNewsBackfillInput]> = [
  [
    'backfill-continue-as-new',
    {
      start: '2025-01-01T00:00:00Z',
      end: '2025-01-01T03:00:00Z',
      parallelism: 2,
      partitionsPerRun: 2,
      ingest: { chunkSize: 50 },
    },
  ],
];

// Followers, recorded from their first run on the fake API's live space with its clock stopped at
// FOLLOW_CLOCK: a poll that stores new ids in two chunks, refreshes the changed items and settles,
// a second poll with nothing new, then the continue-as-new. `fromId` counts back from maxitem.
const FOLLOW_CLOCK = Date.parse('2026-01-01T00:00:00Z');
const followCases: Array<[string, HackerNewsFollowInput & { idsBack: number }]> = [
  [
    'follow-continue-as-new',
    {
      idsBack: 100,
      pollIntervalSeconds: 1,
      pollsPerRun: 2,
      chunkSize: 50,
      concurrency: 10,
      maxRefreshPerPoll: 50,
      settleRequestsPerHour: 7_200,
    },
  ],
];

/** Writes the history of a chain's first run to `histories/<name>.json`. */
async function writeFirstRun(
  harness: PipelineHarness,
  name: string,
  firstRunId: string,
): Promise<void> {
  const history = await harness.env.client.workflow.getHandle(name, firstRunId).fetchHistory();
  writeFileSync(`${dir}${name}.json`, historyToJSON(history));
  console.log(`recorded ${name}: ${history.events?.length ?? 0} events (first run)`);
}

const only = process.argv.slice(2).filter((arg) => arg !== '--');
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);

const h = await startHarness('hn-record');
try {
  for (const [name, input, arrange] of cases.filter(([name]) => wanted(name))) {
    h.api.resetFaults();
    arrange(h);
    const handle = await h.withWorker(async () => {
      const started = await h.env.client.workflow.start(HackerNewsWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: name,
        args: input === undefined ? [] : [input],
      });
      await started.result().catch(() => undefined);
      return started;
    });
    const history = await handle.fetchHistory();
    writeFileSync(`${dir}${name}.json`, historyToJSON(history));
    console.log(`recorded ${name}: ${history.events?.length ?? 0} events`);
  }
  for (const [name, input] of ingestCases.filter(([name]) => wanted(name))) {
    h.api.resetFaults();
    const firstRunId = await h.withWorker(async () => {
      const started = await h.env.client.workflow.start(HackerNewsIngestWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: name,
        args: [input],
      });
      await started.result();
      return started.firstExecutionRunId;
    });
    await writeFirstRun(h, name, firstRunId);
  }
  for (const [name, input] of backfillCases.filter(([name]) => wanted(name))) {
    const firstRunId = await h.withWorker(async () => {
      const started = await h.env.client.workflow.start(HackerNewsBackfillWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: name,
        args: [input],
      });
      const result = await started.result();
      console.log(`${name}: ${result.completed} partitions, ${result.counts.items} items`);
      return started.firstExecutionRunId;
    });
    await writeFirstRun(h, name, firstRunId);
  }
} finally {
  await h.close();
}

for (const [name, { idsBack, ...input }] of followCases.filter(([name]) => wanted(name))) {
  const f = await startHarness('hn-record-follow', {
    live: { clock: () => FOLLOW_CLOCK, speed: 0 },
  });
  try {
    const firstRunId = await f.withWorker(async () => {
      const started = await f.env.client.workflow.start(HackerNewsFollowWorkflow, {
        taskQueue: f.taskQueue,
        workflowId: name,
        args: [{ ...input, fromId: f.api.maxItem - idsBack + 1 }],
      });
      const firstRun = f.env.client.workflow.getHandle<typeof HackerNewsFollowWorkflow>(
        name,
        started.firstExecutionRunId,
        { followRuns: false },
      );
      const ended: unknown = await firstRun.result().catch((error: unknown) => error);
      if (!(ended instanceof WorkflowContinuedAsNewError)) {
        throw new Error(`${name}: the first run did not continue as new: ${String(ended)}`);
      }
      await started.terminate('recorded');
      return started.firstExecutionRunId;
    });
    await writeFirstRun(f, name, firstRunId);
  } finally {
    await f.close();
  }
}
