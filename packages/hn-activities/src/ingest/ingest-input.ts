import {
  INGEST_OPTIONS,
  ITEM_TYPES,
  MAX_INGEST_CHUNK_IDS,
  MAX_INVALID_SAMPLE,
  PARTITION_STATUSES,
  checkWindow,
  parseInstant,
  type IntegerOption,
} from '@hn/contract';
import { z } from 'zod';

/** A row of the contract's option table as a zod schema: its range and its default. */
function fromRow(row: IntegerOption) {
  return z.number().int().min(row.min).max(row.max).default(row.default);
}

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().nonnegative();

export const findItemRangeInput = z
  .object({ start: z.string(), end: z.string() })
  .strict()
  .superRefine((value, context) => {
    const problems: Parameters<typeof checkWindow>[2] = [];
    checkWindow(value.start, value.end, problems, Number.MAX_SAFE_INTEGER);
    for (const { message } of problems) context.addIssue({ code: 'custom', message });
  });

export const ingestItemsInput = z
  .object({
    fromId: id,
    toId: z.number().int().nonnegative(),
    // The workflow passes each call its share of the run's concurrency; a direct call without
    // one gets the run's default.
    concurrency: fromRow(INGEST_OPTIONS.concurrency),
    batchSize: fromRow(INGEST_OPTIONS.batchSize),
  })
  .strict()
  .refine((value) => value.toId >= value.fromId - 1, {
    message: 'toId must be at least fromId - 1 (an empty range)',
    path: ['toId'],
  })
  .refine((value) => value.toId - value.fromId + 1 <= MAX_INGEST_CHUNK_IDS, {
    message: `at most ${MAX_INGEST_CHUNK_IDS} ids per call; split larger ranges`,
    path: ['toId'],
  });

const countsSchema = z.object({
  items: count,
  byType: z.object(
    Object.fromEntries(ITEM_TYPES.map((type) => [type, count])) as {
      [K in (typeof ITEM_TYPES)[number]]: typeof count;
    },
  ),
  deleted: count,
  dead: count,
  missing: count,
  invalid: count,
  bytes: count,
});

/** Heartbeat details of `ingestItems`, as a previous attempt recorded them. */
export const ingestCheckpoint = z.object({
  fromId: id,
  toId: count,
  nextId: id,
  counts: countsSchema,
  invalidSample: z.array(id).max(MAX_INVALID_SAMPLE),
});

const isoInstant = z.string().refine((value) => parseInstant(value) !== undefined, {
  message: 'must be an ISO-8601 time with a time zone',
});

export const partitionRecordInput = z
  .object({
    key: z.string().min(1).max(200),
    windowStart: isoInstant.nullable(),
    windowEnd: isoInstant.nullable(),
    fromId: id,
    toId: count,
    status: z.enum(PARTITION_STATUSES),
    counts: countsSchema.nullable(),
    workflowId: z.string().min(1),
    runId: z.string().min(1),
    startedAt: isoInstant,
    finishedAt: isoInstant.nullable(),
    maxItem: count.nullable().optional(),
  })
  .strict();
