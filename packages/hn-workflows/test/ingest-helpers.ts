import type { IngestCounts } from '@hn/contract';
import type { ItemSpace } from '@hn/fake-hn-api';
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { expect } from 'vitest';
import { FAST_ITEM_RETRY, startWorkerHarness, type WorkerHarness } from './helpers';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

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
