// The backfill part of `pnpm bench`: HackerNewsBackfillWorkflow over 24 hourly partitions of the
// fake API's generated space (its clock at `itemsPerHour`), on the worker app with SQLite, from
// the client's start to the result (which comes once the last partition run stored its rows),
// against the sum of the partitions' floors: bench/ingest-floor.ts fetching and storing each
// partition's id range at a partition run's concurrency, one partition after another.
import { join } from 'node:path';
import { createItemSpace } from '@hn/fake-hn-api';
import { createStore, parseDestinationUrl } from '@hn/storage';
import {
  HackerNewsBackfillWorkflow,
  type HackerNewsBackfillInput,
  type HackerNewsBackfillResult,
} from '@hn/workflows';
import { backfillPartition, resolveBackfillInput, TASK_QUEUE } from '@hn/contract';
import { startFakeApi, type FakeApiProcess } from './fake-api';
import { runIngestFloor } from './floor-process';
import type { IngestFloorOutput } from './ingest-floor';
import { checked, info, ms, type Row } from './report';
import { round1, round2, summarize } from './stats';
import { startReadyWorker, type WorkerBenchContext } from './worker-process';

const PARTITIONS = 24;
const HOUR_MS = 3_600_000;
// The generated space, as the fake API CLI serves it with these options; the period starts at
// the first whole hour after this id's time, so up to 30,000 items an hour fit below MAX_ITEM.
const MAX_ITEM = 1_000_000;
const FIRST_ID = 200_000;
const BATCH_SIZE = 250;
const TARGETS = {
  /** A backfill with partitions in parallel should beat plain HTTP doing them one by one. */
  overFloorSum: 1,
};

/** What the backfill part needs from the runner. */
export interface BackfillBenchContext extends WorkerBenchContext {
  /** Rate of the fake API's clock: the ids of one partition. */
  itemsPerHour: number;
  /** Partition runs in flight. */
  parallelism: number;
  /** Requests in flight per partition run, and of the per-partition floor. */
  concurrency: number;
}

/** Runs the backfill benchmark; returns its figures for the JSON file and its rows for the table. */
export async function runBackfillBench(context: BackfillBenchContext) {
  const { itemsPerHour, latencyMs, parallelism, concurrency: CONCURRENCY, log } = context;
  const space = createItemSpace({ seed: 1, maxItem: MAX_ITEM, itemsPerHour });
  const start = Math.ceil((space.itemTime(FIRST_ID)! * 1000) / HOUR_MS) * HOUR_MS;
  const input: HackerNewsBackfillInput = {
    start: new Date(start).toISOString(),
    end: new Date(start + PARTITIONS * HOUR_MS).toISOString(),
    parallelism,
    ingest: { concurrency: CONCURRENCY, batchSize: BATCH_SIZE },
  };
  const { input: resolved, problems } = resolveBackfillInput(input);
  if (problems.length > 0) throw new Error(`bad backfill input: ${problems.join('; ')}`);
  const ranges = Array.from({ length: PARTITIONS }, (_, index) => {
    const { window } = backfillPartition(resolved, index);
    const range = space.idRangeForWindow(
      Date.parse(window.start) / 1000,
      Date.parse(window.end) / 1000,
    );
    if (!range) throw new Error(`the partition ${window.start} holds no id`);
    return range;
  });
  const fromId = ranges[0]!.fromId;
  const toId = ranges.at(-1)!.toId;
  const ids = toId - fromId + 1;

  const api = await startFakeApi(latencyMs, {
    generatedSpace: true,
    maxItem: MAX_ITEM,
    itemsPerHour,
  });
  const stopApi = context.cleanup.add('the backfill fake API', () => api.process.stop());

  log(
    `backfill: ${PARTITIONS} partitions, ${ids} ids, parallelism ${parallelism}, c=${CONCURRENCY} per run, fresh worker, SQLite`,
  );
  const destination = `sqlite:${join(context.tmp, 'backfill.db')}`;
  const backfill = await timeBackfill(context, api, destination, input);
  const stored = await checkStored(destination, input);
  log(
    `backfill floor: the ${PARTITIONS} partitions' id ranges one after another, c=${CONCURRENCY}`,
  );
  const floor = await timeFloor(
    context,
    api,
    `sqlite:${join(context.tmp, 'backfill-floor.db')}`,
    ranges,
    CONCURRENCY,
  );
  // What plain HTTP does with the whole period at the backfill's total concurrency: where the
  // machine, not the partitioning, sets the pace.
  const wholeConcurrency = CONCURRENCY * parallelism;
  log(`backfill floor: the whole id range at once, c=${wholeConcurrency}`);
  const whole = await timeFloor(
    context,
    api,
    `sqlite:${join(context.tmp, 'backfill-floor-whole.db')}`,
    [{ fromId, toId }],
    wholeConcurrency,
  );
  await stopApi();

  const partitionFloorsMs = floor.rangesMs ?? [floor.ms];
  const floorSumMs = partitionFloorsMs.reduce((sum, value) => sum + value, 0);
  const overFloorSum = round2(backfill.ms / floorSumMs);
  const overParallelFloor = round2(backfill.ms / (floorSumMs / parallelism));
  // Against plain HTTP over the whole range at the backfill's total concurrency: the machine's pace.
  const overWholeFloor = round2(backfill.ms / whole.ms);
  const idsPerSecond = Math.round((ids / backfill.ms) * 1000);
  const floorIdsPerSecond = Math.round((ids / floorSumMs) * 1000);
  const perPartition = summarize(partitionFloorsMs);
  // One request per id; the rest are the partition runs' searches for their id ranges, which
  // the floor, given the ranges, does not make.
  const searchRequestsPerPartition = round1((backfill.requests - ids) / PARTITIONS);

  const figures = {
    partitions: PARTITIONS,
    window: { start: input.start, end: input.end },
    itemsPerHour,
    fromId,
    toId,
    ids,
    parallelism,
    concurrency: CONCURRENCY,
    batchSize: BATCH_SIZE,
    latencyMs,
    backfill: {
      ms: backfill.ms,
      idsPerSecond,
      maxInFlight: backfill.result.maxInFlight,
      completed: backfill.result.completed,
      failed: backfill.result.failed,
      continuedAsNew: backfill.result.continuedAsNew,
      requests: backfill.requests,
      searchRequestsPerPartition,
      partitionRows: stored.partitionRows,
      rows: stored.rows,
    },
    floor: {
      measured: 'per partition: each partition id range on its own, one after another, one process',
      sumMs: round1(floorSumMs),
      idsPerSecond: floorIdsPerSecond,
      partitionMs: perPartition,
      wallMs: round1(floor.ms),
      wholeRange: {
        concurrency: wholeConcurrency,
        ms: round1(whole.ms),
        idsPerSecond: Math.round((ids / whole.ms) * 1000),
      },
    },
    overFloorSum,
    overParallelFloor,
    overWholeFloor,
  };
  const rows: Row[] = [
    info(
      `backfill ${PARTITIONS} partitions (${ids} ids), parallelism ${parallelism}, SQLite: start to last stored`,
      `${ms(backfill.ms)} (${idsPerSecond} ids/s)`,
    ),
    info(
      `backfill floor: sum of the ${PARTITIONS} partitions' floors (one after another, c=${CONCURRENCY})`,
      `${ms(floorSumMs)} (${floorIdsPerSecond} ids/s)`,
    ),
    checked(
      'backfill / sum of partition floors',
      `${overFloorSum.toFixed(2)}x`,
      `<= ${TARGETS.overFloorSum}x`,
      overFloorSum <= TARGETS.overFloorSum,
    ),
    info(
      `backfill / (sum of floors / parallelism ${parallelism})`,
      `${overParallelFloor.toFixed(2)}x`,
    ),
    info(
      `backfill / the whole id range at once (c=${wholeConcurrency})`,
      `${overWholeFloor.toFixed(2)}x`,
    ),
    info(
      'backfill: requests beyond one per id (window searches), per partition',
      String(searchRequestsPerPartition),
    ),
    info(
      'backfill: partition runs in flight at most (maxInFlight)',
      `${backfill.result.maxInFlight} of ${parallelism}`,
    ),
    info(
      'backfill floor: one partition, median (min to max)',
      `${ms(perPartition.median)} (${ms(perPartition.min)} to ${ms(perPartition.max)})`,
    ),
    info(
      `backfill floor: the whole id range at once, c=${wholeConcurrency}`,
      `${ms(whole.ms)} (${Math.round((ids / whole.ms) * 1000)} ids/s)`,
    ),
  ];
  return { figures, rows };
}

/** Runs the backfill on a fresh worker app process; the client's start call to the result. */
async function timeBackfill(
  context: BackfillBenchContext,
  api: FakeApiProcess,
  destination: string,
  input: HackerNewsBackfillInput,
): Promise<{ ms: number; result: HackerNewsBackfillResult; requests: number }> {
  const { stop } = await startReadyWorker(context, 'a backfill worker', {
    apiUrl: api.baseUrl,
    destination,
  });
  try {
    await api.resetStats();
    const started = performance.now();
    const handle = await context.client.workflow.start(HackerNewsBackfillWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: `bench-backfill-${process.pid}`,
      args: [input],
    });
    const result = await handle.result();
    const elapsed = performance.now() - started;
    if (result.completed !== PARTITIONS || result.failed !== 0) {
      throw new Error(
        `the backfill completed ${result.completed} of ${PARTITIONS} partitions, ${result.failed} failed: ${JSON.stringify(result.failedPartitions)}`,
      );
    }
    return { ms: round1(elapsed), result, requests: (await api.stats()).totalRequests };
  } finally {
    await stop();
  }
}

/**
 * Checks that the store holds every partition completed, tiling the ids (each starts one past its
 * predecessor's end), and every id of their span once; what it holds. The partitions' edges lie
 * up to the edge rule's lag past the windows' exact ranges, so the span is theirs, not those.
 */
async function checkStored(
  destination: string,
  input: HackerNewsBackfillInput,
): Promise<{ partitionRows: number; rows: number }> {
  const store = await createStore(parseDestinationUrl(destination));
  try {
    const partitions = await store.listPartitions({ from: input.start, to: input.end });
    const completed = partitions.filter((row) => row.status === 'completed').length;
    const gaps = partitions.filter((row, i) => i > 0 && row.fromId !== partitions[i - 1]!.toId + 1);
    const stats =
      partitions.length === 0
        ? { rows: 0, ids: 0 }
        : await store.itemStats({ fromId: partitions[0]!.fromId, toId: partitions.at(-1)!.toId });
    if (completed !== PARTITIONS || gaps.length > 0 || stats.rows !== stats.ids) {
      throw new Error(
        `the store holds ${completed} of ${PARTITIONS} partitions completed, ${gaps.length} not ` +
          `starting one past their predecessor, and ${stats.rows} of ${stats.ids} ids`,
      );
    }
    return { partitionRows: completed, rows: stats.rows };
  } finally {
    await store.close();
  }
}

/** Runs the ingest floor script over `ranges`, one after another, in a process of its own. */
function timeFloor(
  context: BackfillBenchContext,
  api: FakeApiProcess,
  destination: string,
  ranges: readonly { fromId: number; toId: number }[],
  concurrency: number,
): Promise<IngestFloorOutput> {
  return runIngestFloor(context.cleanup, 'the backfill floor script', {
    baseUrl: api.baseUrl,
    destination,
    ranges,
    concurrency,
    batchSize: BATCH_SIZE,
  });
}
