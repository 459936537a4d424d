import { EDGE_LAG_MS, EDGE_SLACK_MS } from '@hn/activities';
import type { IngestCounts } from '@hn/contract';
import type { ItemSpace } from '@hn/fake-hn-api';
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { expect } from 'vitest';
import { FAST_ITEM_RETRY, startWorkerHarness, type WorkerHarness } from './helpers';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** How far past a boundary an item before its edge may be timed: the lag and the slack (s). */
const PAST_EDGE_SECONDS = (EDGE_LAG_MS + EDGE_SLACK_MS) / 1000;

/** A Temporal server, the fake API serving a generated id space, a SQLite item store, a worker. */
export interface IngestHarness extends WorkerHarness {
  space: ItemSpace;
}

export interface IngestHarnessOptions {
  /** `time-skipping` (default) or `dev` (a dev server, which has Schedules). */
  server?: 'time-skipping' | 'dev';
  maxItem?: number;
  /** Rate of the fake API's generated clock; its default (600) otherwise. */
  itemsPerHour?: number;
  taskQueue?: string;
}

export async function startIngestHarness(
  options: IngestHarnessOptions = {},
): Promise<IngestHarness> {
  const harness = await startWorkerHarness({
    taskQueue: options.taskQueue ?? 'hn-ingest-test',
    ...(options.server !== undefined && { server: options.server }),
    api: {
      generatedSpace: true,
      maxItem: options.maxItem ?? 1_000_000,
      ...(options.itemsPerHour !== undefined && { itemsPerHour: options.itemsPerHour }),
    },
    maxConcurrency: 64,
    itemRetry: FAST_ITEM_RETRY,
  });
  return { ...harness, space: harness.api.space! };
}

/** The counts an ingest of `fromId..toId` must report, from the fake API's id space. */
export function expectedCounts(space: ItemSpace, fromId: number, toId: number): IngestCounts {
  const c = space.expectedCounts(fromId, toId);
  let bytes = 0;
  for (let id = Math.max(1, fromId); id <= toId; id++) {
    const item = space.item(id);
    bytes += item === null ? 4 : Buffer.byteLength(JSON.stringify(item));
  }
  return {
    items: c.items,
    byType: c.byType,
    deleted: c.deleted,
    dead: c.dead,
    missing: c.missing,
    invalid: 0,
    bytes,
  };
}

/**
 * Asserts the rule of partition edges at one edge: `edge` is the first id of the partition that
 * starts at `boundary` (Unix seconds). Item by item from the fake API's times, over the ids timed
 * within 10 minutes of the boundary: an item before the edge is timed before the boundary or up to
 * the lag and the slack ({@link EDGE_LAG_MS}, {@link EDGE_SLACK_MS}: 4 minutes) past it; an item from the edge on is timed at or after the
 * boundary, so nothing timed before it is left to the later partition.
 */
export function expectEdge(space: ItemSpace, boundary: number, edge: number): void {
  const near = space.idRangeForWindow(boundary - 600, boundary + 600);
  const misplaced: string[] = [];
  for (
    let id = Math.max(1, Math.min(edge - 1, near?.fromId ?? edge));
    id <= Math.max(edge, near?.toId ?? edge);
    id++
  ) {
    const time = space.itemTime(id);
    if (time === undefined) continue;
    if (id < edge ? time >= boundary + PAST_EDGE_SECONDS : time < boundary) {
      misplaced.push(`${id} at ${new Date(time * 1000).toISOString()}`);
    }
  }
  const at = new Date(boundary * 1000).toISOString();
  expect(misplaced, `items misplaced by the edge ${edge} at ${at}`).toEqual([]);
}

/**
 * Asserts the rule of partition edges for the window `[start, end)` (Unix seconds) and its ids
 * `fromId..toId`: {@link expectEdge} at both ends, and every item of the range timed inside the
 * window or up to the lag and the slack past its end. So every item timed inside the window is in
 * it, but those timed within the lag and the slack after its start, which its predecessor may hold.
 */
export function expectWindowIds(
  space: ItemSpace,
  window: { start: number; end: number },
  range: { fromId: number; toId: number },
): void {
  expectEdge(space, window.start, range.fromId);
  expectEdge(space, window.end, range.toId + 1);
  const outside: number[] = [];
  for (let id = Math.max(1, range.fromId); id <= range.toId; id++) {
    const time = space.itemTime(id);
    if (time !== undefined && (time < window.start || time >= window.end + PAST_EDGE_SECONDS)) {
      outside.push(id);
    }
  }
  expect(outside, `ids ${range.fromId}..${range.toId} timed outside the window`).toEqual([]);
}

/**
 * The stored partitions of `period` (ISO instants), in order: asserts that each is `completed`,
 * that they tile the ids (each one's first id is its predecessor's last + 1) and that each holds
 * its window's ids by the rule ({@link expectWindowIds}); returns the ids of them all.
 */
export async function expectTiledPartitions(
  h: Pick<IngestHarness, 'space' | 'store'>,
  period: { start: string; end: string },
): Promise<{ fromId: number; toId: number }> {
  const rows = await h.store.listPartitions({ from: period.start, to: period.end });
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'completed'));
  for (const [index, row] of rows.entries()) {
    if (index > 0) expect(row.fromId, row.key).toBe(rows[index - 1]!.toId + 1);
    const window = {
      start: Date.parse(row.windowStart!) / 1000,
      end: Date.parse(row.windowEnd!) / 1000,
    };
    expectWindowIds(h.space, window, row);
  }
  return { fromId: rows[0]!.fromId, toId: rows.at(-1)!.toId };
}

/** Events and payload bytes of one run's history. */
export interface RunHistorySize {
  runId: string;
  events: number;
  payloadBytes: number;
}

/**
 * Follows a continue-as-new chain from its first run and measures each run's history: its
 * events and the bytes of every payload in them (inputs, results, failure details).
 */
export async function measureChain(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<RunHistorySize[]> {
  const runs: RunHistorySize[] = [];
  let runId: string | undefined = firstRunId;
  while (runId !== undefined) {
    const current: string = runId;
    const history: History = await client.workflow.getHandle(workflowId, current).fetchHistory();
    const events = history.events ?? [];
    runs.push({ runId: current, events: events.length, payloadBytes: payloadBytes(events) });
    const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    runId = next ?? undefined;
  }
  return runs;
}

function payloadBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (value instanceof Uint8Array) return 0;
  const record = value as Record<string, unknown>;
  if (record.data instanceof Uint8Array && 'metadata' in record) return record.data.length;
  let total = 0;
  for (const child of Object.values(record)) total += payloadBytes(child);
  return total;
}

/** The ApplicationFailure a workflow run failed with; fails the test if the run succeeded. */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => expect.fail('expected the run to fail'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return (error as WorkflowFailedError).cause as ApplicationFailure;
}
