// The ingest part of `pnpm bench`: HackerNewsIngestWorkflow over an id range of the fake API's
// generated space, on the worker app, against a plain-HTTP floor on SQLite and PostgreSQL, the
// one-item-after-another design, worker memory at two range sizes, and history per run.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TASK_QUEUE } from '@hn/contract';
import { HackerNewsIngestWorkflow, type HackerNewsIngestResult } from '@hn/workflows';
import type { Client } from '@temporalio/client';
import { startFakeApi, type FakeApiProcess } from './fake-api';
import { runIngestFloor } from './floor-process';
import type { IngestFloorOutput } from './ingest-floor';
import { cpuSeconds, readHeapPeaks, readMemory, type HeapPeaks } from './memory';
import { checked, info, ms, type Row } from './report';
import { round1, round2 } from './stats';
import { startReadyWorker, type WorkerBenchContext } from './worker-process';

const HEAP_SAMPLER = fileURLToPath(new URL('./heap-sampler.mjs', import.meta.url));
// A range of generated ids, far below the curated block.
const FROM_ID = 1_000_001;
const CONCURRENCY = 200;
const BATCH_SIZE = 250;
const SEQUENTIAL_SLICE = 1_000;
const ARCHIVE_ITEMS = 47_000_000;
const TARGETS = {
  overFloor: 1.2,
  peakRssMb: 250,
  rssGrowth: 1.1,
  eventsPerRun: 10_000,
  payloadBytesPer1000: 2048,
};

/** What the ingest part needs from the runner. */
export interface IngestBenchContext extends WorkerBenchContext {
  /** Ids of the main runs (100,000 by default). */
  ids: number;
}

/** History of one run of the chain. */
interface RunHistory {
  runId: string;
  events: number;
  payloadBytes: number;
}

interface IngestRun {
  ms: number;
  total: number;
  continuedAsNew: number;
  peakRssMb: number;
  /** The main thread's V8 heap at its peaks (committed), sampled every 100 ms. */
  heap: HeapPeaks | undefined;
  /** CPU time the worker used from the start call to the result. */
  cpuSeconds: number;
  runs: RunHistory[];
}

let ingestCount = 0;

/** Runs the ingest benchmark; returns its figures for the JSON file and its rows for the table. */
export async function runIngestBench(context: IngestBenchContext) {
  const { ids, latencyMs, log } = context;
  const toId = FROM_ID + ids - 1;
  const smallIds = Math.max(1, Math.round(ids / 10));
  const api = await startFakeApi(latencyMs, { generatedSpace: true, maxItem: toId + 1_000 });
  const stopApi = context.cleanup.add('the generated-space fake API', () => api.process.stop());

  log(`ingest: ${smallIds} ids, c=${CONCURRENCY}, fresh worker (memory)`);
  const small = await timeIngest(context, api, sqlite(context, 'small'), smallIds);
  log(`ingest: ${ids} ids, c=${CONCURRENCY}, fresh worker, SQLite`);
  const sqliteRun = await timeIngest(context, api, sqlite(context, 'pipeline'), ids);
  log(`ingest floor: ${ids} ids, c=${CONCURRENCY}, SQLite`);
  const sqliteFloor = await timeFloor(context, api, sqlite(context, 'floor'), ids, CONCURRENCY);
  const slice = Math.min(SEQUENTIAL_SLICE, ids);
  log(`one item after another: ${slice} ids, SQLite`);
  const sequential = await timeFloor(context, api, sqlite(context, 'sequential'), slice, 1);
  const sequentialExtrapolatedMs = (sequential.ms * ids) / slice;

  type PostgresFigures =
    { pipeline: IngestRun; floor: IngestFloorOutput; overFloor: number } | { unavailable: string };
  let postgres: PostgresFigures = { unavailable: 'not started' };
  let server: { createDatabase(): Promise<string>; stop(): Promise<void> } | undefined;
  try {
    log('Starting a throwaway PostgreSQL cluster');
    const { startTestPostgres } = await import('../packages/storage/test/postgres');
    server = await startTestPostgres();
    const started = server;
    context.cleanup.add('the PostgreSQL cluster', () => started.stop());
  } catch (error) {
    postgres = { unavailable: (error as Error).message.split('\n')[0]! };
  }
  if (server) {
    log(`ingest: ${ids} ids, c=${CONCURRENCY}, fresh worker, PostgreSQL`);
    const pipeline = await timeIngest(context, api, await server.createDatabase(), ids);
    log(`ingest floor: ${ids} ids, c=${CONCURRENCY}, PostgreSQL`);
    const floor = await timeFloor(context, api, await server.createDatabase(), ids, CONCURRENCY);
    postgres = { pipeline, floor, overFloor: round2(pipeline.ms / floor.ms) };
  }
  await stopApi();
  const pg = postgres;

  const overFloor = round2(sqliteRun.ms / sqliteFloor.ms);
  const sequentialOverPipeline = round2(sequentialExtrapolatedMs / sqliteRun.ms);
  const itemsPerSecond = Math.round((ids / sqliteRun.ms) * 1000);
  const archiveHours = round1(ARCHIVE_ITEMS / itemsPerSecond / 3600);
  const rssGrowth = round2(sqliteRun.peakRssMb / small.peakRssMb);
  const maxEvents = Math.max(...sqliteRun.runs.map((run) => run.events));
  const payloadBytes = sqliteRun.runs.reduce((sum, run) => sum + run.payloadBytes, 0);
  const payloadPer1000 = Math.round((payloadBytes / ids) * 1000);

  const figures = {
    fromId: FROM_ID,
    ids,
    concurrency: CONCURRENCY,
    batchSize: BATCH_SIZE,
    latencyMs,
    sqlite: { pipeline: sqliteRun, floor: sqliteFloor, overFloor },
    sequential: {
      sliceIds: slice,
      ms: round1(sequential.ms),
      extrapolatedMs: Math.round(sequentialExtrapolatedMs),
      overPipeline: sequentialOverPipeline,
    },
    postgres: pg,
    memory: {
      smallIds,
      smallPeakRssMb: small.peakRssMb,
      peakRssMb: sqliteRun.peakRssMb,
      rssGrowth,
    },
    history: {
      runs: sqliteRun.runs.length,
      maxEventsPerRun: maxEvents,
      payloadBytes,
      payloadPer1000,
    },
    archive: { items: ARCHIVE_ITEMS, itemsPerSecond, hours: archiveHours },
  };

  const pgRows: Row[] =
    'unavailable' in pg
      ? [info('ingest on PostgreSQL', `not measured: ${pg.unavailable}`)]
      : [
          info(
            `ingest ${ids} ids on PostgreSQL: pipeline (floor)`,
            `${ms(pg.pipeline.ms)} (${ms(pg.floor.ms)})`,
          ),
          checked(
            'ingest pipeline / floor, PostgreSQL',
            `${pg.overFloor.toFixed(2)}x`,
            `<= ${TARGETS.overFloor}x`,
            pg.overFloor <= TARGETS.overFloor,
          ),
        ];
  const rows: Row[] = [
    info(
      `ingest ${ids} ids, c=${CONCURRENCY}, ${latencyMs} ms/request, SQLite: pipeline`,
      `${ms(sqliteRun.ms)} (${itemsPerSecond} items/s)`,
    ),
    info(`ingest ${ids} ids: floor (undici + saveItems, no Temporal)`, ms(sqliteFloor.ms)),
    checked(
      'ingest pipeline / floor, SQLite',
      `${overFloor.toFixed(2)}x`,
      `<= ${TARGETS.overFloor}x`,
      overFloor <= TARGETS.overFloor,
    ),
    info(
      `one item after another: ${slice} ids (extrapolated to ${ids})`,
      `${ms(sequential.ms)} (${ms(sequentialExtrapolatedMs)})`,
    ),
    info('one item after another / pipeline', `${sequentialOverPipeline.toFixed(1)}x`),
    ...pgRows,
    checked(
      `ingest worker peak RSS (VmHWM), ${smallIds} ids`,
      `${small.peakRssMb} MB`,
      `<= ${TARGETS.peakRssMb} MB`,
      small.peakRssMb <= TARGETS.peakRssMb,
    ),
    checked(
      `ingest worker peak RSS (VmHWM), ${ids} ids (vs ${smallIds})`,
      `${sqliteRun.peakRssMb} MB (${rssGrowth.toFixed(2)}x)`,
      `<= ${TARGETS.peakRssMb} MB, <= ${TARGETS.rssGrowth}x`,
      sqliteRun.peakRssMb <= TARGETS.peakRssMb && rssGrowth <= TARGETS.rssGrowth,
    ),
    info(
      `ingest worker, ${smallIds} / ${ids} ids: main V8 heap at its peak (old space), CPU`,
      `${heapText(small)} / ${heapText(sqliteRun)}`,
    ),
    checked(
      `ingest history: events per run (max of ${sqliteRun.runs.length} runs)`,
      String(maxEvents),
      `< ${TARGETS.eventsPerRun}`,
      maxEvents < TARGETS.eventsPerRun,
    ),
    checked(
      'ingest history: payload bytes per 1,000 items',
      `${payloadPer1000} B`,
      `<= ${TARGETS.payloadBytesPer1000} B`,
      payloadPer1000 <= TARGETS.payloadBytesPer1000,
    ),
    info(
      `whole archive (${ARCHIVE_ITEMS / 1e6}M items) at the measured rate, one worker`,
      `${archiveHours} h`,
    ),
  ];
  return { figures, rows };
}

function heapText(run: IngestRun): string {
  const heap =
    run.heap === undefined ? 'n/a' : `${run.heap.heapTotalMb} MB (${run.heap.oldSpaceMb} MB)`;
  return `${heap}, ${run.cpuSeconds} s`;
}

function sqlite(context: IngestBenchContext, name: string): string {
  return `sqlite:${join(context.tmp, `ingest-${name}.db`)}`;
}

/** Runs the ingest of `ids` ids on a fresh worker app process; start to result, and its VmHWM. */
async function timeIngest(
  context: IngestBenchContext,
  api: FakeApiProcess,
  destination: string,
  ids: number,
): Promise<IngestRun> {
  const heapLog = join(context.tmp, `heap-${process.pid}-${ingestCount + 1}.jsonl`);
  const { worker, stop } = await startReadyWorker(context, 'an ingest worker', {
    apiUrl: api.baseUrl,
    destination,
    nodeFlags: ['--import', HEAP_SAMPLER],
    env: { HN_BENCH_HEAP_LOG: heapLog },
  });
  try {
    const workflowId = `bench-ingest-${process.pid}-${++ingestCount}`;
    const cpuAtStart = cpuSeconds(worker.pid);
    const started = performance.now();
    const handle = await context.client.workflow.start(HackerNewsIngestWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ fromId: FROM_ID, toId: FROM_ID + ids - 1, concurrency: CONCURRENCY }],
    });
    const result: HackerNewsIngestResult = await handle.result();
    const elapsed = performance.now() - started;
    const { peakRssMb } = readMemory(worker.pid);
    const cpu = round1(cpuSeconds(worker.pid) - cpuAtStart);
    if (result.total !== ids) throw new Error(`the ingest stored ${result.total} of ${ids} ids`);
    return {
      ms: round1(elapsed),
      total: result.total,
      continuedAsNew: result.continuedAsNew,
      peakRssMb,
      heap: readHeapPeaks(heapLog),
      cpuSeconds: cpu,
      runs: await chainHistories(context.client, workflowId),
    };
  } finally {
    await stop();
  }
}

/** Events and payload bytes of every run of the chain (it continues as new). */
async function chainHistories(client: Client, workflowId: string): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(workflowId, execution.runId).fetchHistory();
    const events = history.events ?? [];
    runs.push({
      runId: execution.runId,
      events: events.length,
      payloadBytes: payloadBytes(events),
    });
  }
  return runs;
}

/** Sums the `data` bytes of every payload (`{ metadata, data }`) under `value`. */
function payloadBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (value instanceof Uint8Array) return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + payloadBytes(item), 0);
  const record = value as Record<string, unknown>;
  if ('metadata' in record && record.data instanceof Uint8Array) return record.data.byteLength;
  let sum = 0;
  for (const child of Object.values(record)) sum += payloadBytes(child);
  return sum;
}

/** Runs the ingest floor script over the ingest's id range in a process of its own. */
function timeFloor(
  context: IngestBenchContext,
  api: FakeApiProcess,
  destination: string,
  ids: number,
  concurrency: number,
): Promise<IngestFloorOutput> {
  return runIngestFloor(context.cleanup, 'the ingest floor script', {
    baseUrl: api.baseUrl,
    destination,
    ranges: [{ fromId: FROM_ID, toId: FROM_ID + ids - 1 }],
    concurrency,
    batchSize: BATCH_SIZE,
  });
}
