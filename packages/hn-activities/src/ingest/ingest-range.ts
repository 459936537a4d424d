import { setMaxListeners } from 'node:events';
import {
  FIELD_LIMITS,
  MAX_INVALID_SAMPLE,
  addIngestCounts,
  emptyIngestCounts,
  type IngestCheckpoint,
  type ItemRecord,
} from '@hn/contract';
import { HackerNewsApiError } from '../errors';
import { capText } from '../item-limits';
import type { RawItem } from '../raw-item';
import { countRecord, invalidRecord, missingRecord, toItemRecord } from './item-record';

/** Options of {@link ingestRange}. */
export interface IngestRangeOptions {
  fromId: number;
  /** Inclusive; `fromId - 1` for an empty range. */
  toId: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Records per `save` call. */
  batchSize: number;
  /** Where a previous attempt got to; its `nextId` is where this one starts. */
  resume?: IngestCheckpoint;
  /** Fetches one item (retrying transient failures itself); rejects with the last failure. */
  fetch: (id: number, signal: AbortSignal) => Promise<RawItem | null>;
  /** Stores one batch atomically; records arrive in id order. */
  save: (records: ItemRecord[]) => Promise<void>;
  /** Cancellation: aborts in-flight requests, and the call rejects with the signal's reason. */
  signal: AbortSignal;
  /** Called with a fresh copy of the checkpoint after each stored batch. */
  onCheckpoint?: (checkpoint: IngestCheckpoint) => void;
  /** Clock of `fetchedAt`; default `Date.now`. */
  now?: () => number;
}

/**
 * Why {@link ingestRange} stopped before the end: an id that still failed (`failedId`), or the
 * store (`failedId` undefined). Everything below `checkpoint.nextId` is stored.
 */
export class IngestRangeError extends Error {
  override readonly name = 'IngestRangeError';
  constructor(
    readonly checkpoint: IngestCheckpoint,
    override readonly cause: unknown,
    readonly failedId: number | undefined,
  ) {
    super(
      failedId === undefined
        ? `storing ids from ${checkpoint.nextId} failed: ${messageOf(cause)}`
        : `item ${failedId} still fails: ${messageOf(cause)}`,
      { cause },
    );
  }
}

interface Fetched {
  record: ItemRecord;
  bytes: number;
}

/**
 * Fetches every id of a range and stores it, in id order and in batches, with a bounded number
 * of requests in flight and a bounded number of records in memory (about two batches plus the
 * requests in flight): fetching runs ahead of storing by at most that much, so memory stays flat
 * whatever the range.
 *
 * Every id becomes one record: an item (tombstones included), `missing` (the API's `null` or a
 * 404) or `invalid` (a payload that fails validation, or one past the size cap). The checkpoint
 * is exact: ids below `nextId` are stored and counted, nothing else is counted.
 *
 * @throws {IngestRangeError} when an id's fetch fails (transient failures already retried by
 *   `fetch`, or a client error) or a `save` fails; batches below the failed id are stored first.
 * @throws the signal's reason when cancelled.
 */
export async function ingestRange(options: IngestRangeOptions): Promise<IngestCheckpoint> {
  const { fromId, toId, concurrency, batchSize } = options;
  const now = options.now ?? Date.now;
  const checkpoint: IngestCheckpoint = options.resume
    ? copy(options.resume)
    : { fromId, toId, nextId: fromId, counts: emptyIngestCounts(), invalidSample: [] };

  const buffer = new Map<number, Fetched>();
  const maxAhead = Math.max(2 * batchSize, batchSize + concurrency);
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  // Every request in flight listens for the abort: that is `concurrency` listeners, not a leak.
  setMaxListeners(concurrency + 16, signal);
  let dispatched = checkpoint.nextId;
  let stopAt = toId + 1;
  let failure: { id: number; error: unknown } | undefined;
  let storeError: { error: unknown } | undefined;
  let lanesDone = false;

  let waiters: Array<() => void> = [];
  const notify = (): void => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const changed = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
  signal.addEventListener('abort', notify, { once: true });

  const fetchOne = async (id: number): Promise<Fetched | { error: unknown }> => {
    try {
      const item = await options.fetch(id, signal);
      const record = toItemRecord(id, item, now());
      return { record, bytes: item === null ? 4 : byteLength(JSON.stringify(item)) };
    } catch (error) {
      if (error instanceof HackerNewsApiError) {
        if (error.code === 'NOT_FOUND') return { record: missingRecord(id, now()), bytes: 0 };
        if (error.code === 'INVALID_PAYLOAD' || error.code === 'RESPONSE_TOO_LARGE') {
          return { record: invalidRecord(id, shorten(error.message), now()), bytes: 0 };
        }
      }
      return { error };
    }
  };

  const lane = async (): Promise<void> => {
    while (!signal.aborted && dispatched < stopAt) {
      if (dispatched - checkpoint.nextId >= maxAhead) {
        await changed();
        continue;
      }
      const id = dispatched;
      dispatched += 1;
      const outcome = await fetchOne(id);
      if (signal.aborted) break;
      if ('error' in outcome) {
        if (failure === undefined || id < failure.id) failure = { id, error: outcome.error };
        stopAt = Math.min(stopAt, id);
      } else {
        buffer.set(id, outcome);
      }
      notify();
    }
  };

  const writer = async (): Promise<void> => {
    while (!signal.aborted) {
      let end = checkpoint.nextId;
      while (end < stopAt && end - checkpoint.nextId < batchSize && buffer.has(end)) end += 1;
      const size = end - checkpoint.nextId;
      if (size > 0 && (size === batchSize || end === stopAt)) {
        const records: ItemRecord[] = [];
        const counts = emptyIngestCounts();
        const invalid: number[] = [];
        for (let id = checkpoint.nextId; id < end; id++) {
          const { record, bytes } = buffer.get(id) as Fetched;
          buffer.delete(id);
          records.push(record);
          countRecord(counts, record, bytes);
          if (record.status === 'invalid') invalid.push(id);
        }
        try {
          await options.save(records);
        } catch (error) {
          storeError = { error };
          stop.abort();
          return;
        }
        checkpoint.nextId = end;
        checkpoint.counts = addIngestCounts(checkpoint.counts, counts);
        const room = MAX_INVALID_SAMPLE - checkpoint.invalidSample.length;
        if (room > 0) checkpoint.invalidSample.push(...invalid.slice(0, room));
        options.onCheckpoint?.(copy(checkpoint));
        notify();
        continue;
      }
      if (lanesDone) return;
      await changed();
    }
  };

  const remaining = Math.max(0, stopAt - dispatched);
  const lanes = Array.from({ length: Math.min(concurrency, remaining) }, lane);
  const writing = writer();
  await Promise.all(lanes);
  lanesDone = true;
  notify();
  await writing;
  signal.removeEventListener('abort', notify);

  if (options.signal.aborted) throw options.signal.reason;
  if (storeError) throw new IngestRangeError(copy(checkpoint), storeError.error, undefined);
  if (failure) throw new IngestRangeError(copy(checkpoint), failure.error, failure.id);
  return copy(checkpoint);
}

function copy(checkpoint: IngestCheckpoint): IngestCheckpoint {
  return {
    ...checkpoint,
    counts: { ...checkpoint.counts, byType: { ...checkpoint.counts.byType } },
    invalidSample: [...checkpoint.invalidSample],
  };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function shorten(message: string): string {
  return capText(message, FIELD_LIMITS.detail).text;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
