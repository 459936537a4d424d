import {
  type IngestCounts,
  type IngestPartitionRecord,
  ITEM_TYPES,
  PARTITION_STATUSES,
} from '@hn/contract';
import type { Insertable, Kysely } from 'kysely';
import { StorageError } from '../errors';
import type { Database, IngestPartitionsTable } from '../schema';
import { describe, isIntegerIn, MAX_INT4, toIsoTimestamp } from './values';

/** Longest accepted partition key; real keys (`window:<ISO>/<ISO>`) are about 60 characters. */
const MAX_KEY_LENGTH = 200;

/** Upserts a partition's row by `key`: the latest save replaces every column. */
export async function savePartitionRow(
  db: Kysely<Database>,
  partition: IngestPartitionRecord,
  now: Date,
): Promise<void> {
  const row = toPartitionRow(partition, now);
  const { key: _key, ...update } = row;
  await db
    .insertInto('ingest_partitions')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet(update))
    .execute();
}

const STATUSES: ReadonlySet<unknown> = new Set(PARTITION_STATUSES);
const COUNT_FIELDS = ['items', 'deleted', 'dead', 'missing', 'invalid', 'bytes'] as const;

/**
 * Validates a partition record and builds its row; timestamps are normalised to
 * `toISOString()`.
 *
 * @throws {StorageError} `INVALID_PARTITION` naming the field.
 */
export function toPartitionRow(
  input: IngestPartitionRecord,
  now: Date,
): Insertable<IngestPartitionsTable> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidPartition('?', `expected an IngestPartitionRecord, got ${describe(input)}.`);
  }
  const record = input as unknown as Record<string, unknown>;
  const key = record.key;
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) {
    throw invalidPartition(
      '?',
      `\`key\` must be a non-empty string of at most ${MAX_KEY_LENGTH} characters, got ${describe(key)}.`,
    );
  }
  const fail = (reason: string): never => {
    throw invalidPartition(key, reason);
  };
  const expect = (field: string, expected: string): never =>
    fail(`\`${field}\` must be ${expected}, got ${describe(record[field])}.`);

  const text = (field: 'workflowId' | 'runId'): string => {
    const value = record[field];
    return typeof value === 'string' && value !== '' ? value : expect(field, 'a non-empty string');
  };
  const timestamp = (field: string, nullable: boolean): string | null => {
    if (nullable && record[field] === null) return null;
    return (
      toIsoTimestamp(record[field]) ??
      expect(field, `an ISO-8601 timestamp${nullable ? ' or null' : ''}`)
    );
  };

  const windowStart = timestamp('windowStart', true);
  const windowEnd = timestamp('windowEnd', true);
  if ((windowStart === null) !== (windowEnd === null)) {
    fail('`windowStart` and `windowEnd` must both be timestamps (a time window) or both null.');
  }
  if (windowStart !== null && windowEnd !== null && windowStart > windowEnd) {
    fail(`the window ends (${windowEnd}) before it starts (${windowStart}).`);
  }
  const fromId = record.fromId;
  if (!isIntegerIn(fromId, 1, MAX_INT4)) expect('fromId', `an integer from 1 to ${MAX_INT4}`);
  const toId = record.toId;
  if (!isIntegerIn(toId, (fromId as number) - 1, MAX_INT4)) {
    expect('toId', `an integer from fromId - 1 (an empty range) to ${MAX_INT4}`);
  }
  if (!STATUSES.has(record.status)) {
    expect('status', PARTITION_STATUSES.map((status) => JSON.stringify(status)).join(', '));
  }
  const countsProblem = checkCounts(record.counts);
  if (countsProblem !== undefined) fail(countsProblem);
  const maxItem = record.maxItem ?? null;
  if (maxItem !== null && !isIntegerIn(maxItem, 0, Number.MAX_SAFE_INTEGER)) {
    expect('maxItem', 'a non-negative integer, null or absent');
  }

  const partition = input;
  return {
    key,
    window_start: windowStart,
    window_end: windowEnd,
    from_id: partition.fromId,
    to_id: partition.toId,
    status: partition.status,
    counts: partition.counts === null ? null : JSON.stringify(pickCounts(partition.counts)),
    workflow_id: text('workflowId'),
    run_id: text('runId'),
    started_at: timestamp('startedAt', false)!,
    finished_at: timestamp('finishedAt', true),
    updated_at: now.toISOString(),
    max_item: maxItem as number | null,
  };
}

/** What is wrong with `counts`, or `undefined` when it is `null` or well-formed. */
function checkCounts(counts: unknown): string | undefined {
  if (counts === null) return undefined;
  if (typeof counts !== 'object' || Array.isArray(counts)) {
    return `\`counts\` must be IngestCounts or null, got ${describe(counts)}.`;
  }
  const record = counts as Record<string, unknown>;
  for (const field of COUNT_FIELDS) {
    if (!isIntegerIn(record[field], 0, Number.MAX_SAFE_INTEGER)) {
      return `\`counts.${field}\` must be a non-negative integer, got ${describe(record[field])}.`;
    }
  }
  const byType = record.byType;
  if (typeof byType !== 'object' || byType === null || Array.isArray(byType)) {
    return `\`counts.byType\` must be an object with a count per item type, got ${describe(byType)}.`;
  }
  for (const type of ITEM_TYPES) {
    const count = (byType as Record<string, unknown>)[type];
    if (!isIntegerIn(count, 0, Number.MAX_SAFE_INTEGER)) {
      return `\`counts.byType.${type}\` must be a non-negative integer, got ${describe(count)}.`;
    }
  }
  return undefined;
}

/** Only the known fields, so an extra property on the record is not stored. */
function pickCounts(counts: IngestCounts): IngestCounts {
  const byType = Object.fromEntries(ITEM_TYPES.map((type) => [type, counts.byType[type]]));
  return {
    items: counts.items,
    byType: byType as IngestCounts['byType'],
    deleted: counts.deleted,
    dead: counts.dead,
    missing: counts.missing,
    invalid: counts.invalid,
    bytes: counts.bytes,
  };
}

function invalidPartition(key: string, reason: string): StorageError {
  const which = key === '?' ? 'this partition' : `partition ${JSON.stringify(key)}`;
  return new StorageError(
    'INVALID_PARTITION',
    `Cannot save ${which}: ${reason} Nothing was written.`,
  );
}
