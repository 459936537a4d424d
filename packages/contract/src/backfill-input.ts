import { DEFAULT_INGEST_WORKFLOW_ID } from './constants';
import { describe } from './describe';
import {
  INGEST_OPTIONS,
  INGEST_TUNING_OPTIONS,
  checkWindow,
  parseInstant,
  parsePartition,
  partitionKey,
  type IngestOptions,
  type IngestWindow,
} from './ingest-input';
import { ITEM_TYPES, type IngestCounts } from './items';
import {
  InputProblem,
  checkKnownKeys,
  inputFieldNames,
  isIntegerIn,
  isRecord,
  readOptions,
  type FieldNames,
  type OptionTable,
} from './options';

/** Default `parallelism` of a backfill: partition runs in flight at once. */
export const DEFAULT_BACKFILL_PARALLELISM = 4;

/**
 * Highest `parallelism` of a backfill. Each partition run keeps up to its own
 * `maxParallelActivities` activities and `concurrency` requests in flight, so 32 runs at the
 * ingest defaults are 256 activities and 1,600 requests: more than one worker or the API should
 * take.
 */
export const MAX_BACKFILL_PARALLELISM = 32;

/**
 * Default most partitions one backfill accepts (`maxPartitions`): 1,000, about 41 days of hourly
 * partitions, the same bound as a Schedule backfill's. A longer period is refused with how to
 * split it, unless `maxPartitions` is raised, so one typo in a date cannot start a year of runs.
 */
export const DEFAULT_MAX_BACKFILL_PARTITIONS = 1_000;

/** The highest `maxPartitions` may be raised to: 100,000 (about 11 years of hours). */
export const MAX_BACKFILL_PARTITIONS = 100_000;

/**
 * Default partitions one backfill run starts before it continues as new. A partition costs about
 * a dozen history events (its child's initiated, started and completed events, and the workflow
 * tasks around them), so a run stays under about 1,300 events.
 */
export const DEFAULT_BACKFILL_PARTITIONS_PER_RUN = 100;

/** Highest `partitionsPerRun`: 500 (about 6,000 events, far below Temporal's 51,200). */
export const MAX_BACKFILL_PARTITIONS_PER_RUN = 500;

/** Failed partitions a backfill's progress and result list; `failed` is always exact. */
export const MAX_FAILED_PARTITIONS_LISTED = 20;

/** How far past the workflow's clock a backfill may end, for clocks that disagree a little. */
export const BACKFILL_FUTURE_SKEW_MS = 60_000;

/** What a backfill does with a partition whose row in the item store is `completed`. */
export type BackfillMode = (typeof BACKFILL_MODES)[number];

/**
 * Every {@link BackfillMode}:
 * - `skip-completed` (the default): a partition recorded `completed` is not run again. Its ids
 *   are all stored (an ingest stores every id of its range exactly once), so running it again
 *   would cost its requests and time to write the same rows; a 30-day backfill re-run after an
 *   outage only runs what is missing or failed.
 * - `reingest`: every partition runs again, refreshing its items (scores, comment ids, deletions
 *   change after the fact). Idempotent: items upsert by id and the partition keeps one row.
 */
export const BACKFILL_MODES = ['skip-completed', 'reingest'] as const;

/**
 * The ingest options a backfill passes to each partition run: the tuning rows of
 * `INGEST_OPTIONS`, each optional (see `HackerNewsIngestInput`).
 */
export type BackfillIngestOptions = Partial<IngestOptions>;

/**
 * The options of `HackerNewsBackfillInput`, one row each. `partition` is the ingest's own row,
 * so a backfill's partitions are the schedule's; the `ingest` options are `INGEST_OPTIONS`'
 * tuning rows, not a copy.
 */
export const BACKFILL_OPTIONS = Object.freeze({
  partition: INGEST_OPTIONS.partition,
  parallelism: {
    type: 'integer',
    min: 1,
    max: MAX_BACKFILL_PARALLELISM,
    default: DEFAULT_BACKFILL_PARALLELISM,
    doc: 'partition runs in flight at once',
  },
  mode: {
    type: 'choice',
    choices: BACKFILL_MODES,
    default: 'skip-completed',
    doc: 'what to do with a partition the store has completed',
  },
  maxPartitions: {
    type: 'integer',
    min: 1,
    max: MAX_BACKFILL_PARTITIONS,
    default: DEFAULT_MAX_BACKFILL_PARTITIONS,
    doc: 'most partitions the period may hold',
  },
  partitionsPerRun: {
    type: 'integer',
    min: 1,
    max: MAX_BACKFILL_PARTITIONS_PER_RUN,
    default: DEFAULT_BACKFILL_PARTITIONS_PER_RUN,
    doc: 'partitions a workflow run starts before continuing as new',
  },
} as const satisfies OptionTable);

/** What a backfill has counted so far, over every run of its chain. */
export interface BackfillTotals {
  /** Partitions whose run completed in this backfill. */
  completed: number;
  /** Partitions skipped because the store had them `completed` (mode `skip-completed`). */
  skipped: number;
  /** Partitions whose run failed (or could not start); the backfill went on with the others. */
  failed: number;
  /** What the completed partition runs stored, summed. */
  counts: IngestCounts;
}

/** A partition a backfill could not ingest. */
export interface FailedPartition {
  key: string;
  /** The partition run's workflow id ({@link partitionWorkflowId}). */
  workflowId: string;
  /**
   * `ApplicationFailure.type` of the run's failure (`HackerNewsIngestFailed`, ...),
   * `WorkflowExecutionAlreadyStarted` when another run of the partition was in flight, or the
   * failure's name.
   */
  type: string;
  /** The failure's message, cut to 500 characters. */
  message: string;
}

/**
 * Where a backfill chain is when it continues as new: a cursor and counts, never item data. The
 * workflow builds it; callers never pass one.
 */
export interface BackfillContinuation {
  /** Start of the first partition not yet started (ISO-8601 UTC); every earlier one settled. */
  nextStart: string;
  totals: BackfillTotals;
  /** The first failed partitions (at most {@link MAX_FAILED_PARTITIONS_LISTED}). */
  failedPartitions: FailedPartition[];
  /** Most partition runs in flight at once so far. */
  maxInFlight: number;
  /** Continue-as-new count so far. */
  continuedAsNew: number;
  /** When the chain's first run started, ISO-8601 UTC. */
  startedAt: string;
  /** The id edge at `nextStart` the chain's edge pass found, so the next run starts from it. */
  nextEdge?: number;
}

/**
 * Input of `HackerNewsBackfillWorkflow`: ingest every partition of `[start, end)`, at most
 * `parallelism` partition runs at once.
 */
export interface HackerNewsBackfillInput {
  /** ISO-8601 with a time zone, inclusive; on a `partition` boundary (a multiple since the epoch). */
  start: string;
  /** ISO-8601 with a time zone, exclusive; on a `partition` boundary; not in the future. */
  end: string;
  /**
   * Length of each partition: `<n>m`, `<n>h` or `<n>d`, from 1 minute to 31 days. Default `1h`,
   * the ingest schedule's: the same window gives the same partition key and row.
   */
  partition?: string;
  /** Partition runs in flight at once, 1 to {@link MAX_BACKFILL_PARALLELISM}. Default 4. */
  parallelism?: number;
  /** Default `skip-completed`; see {@link BACKFILL_MODES}. */
  mode?: BackfillMode;
  /**
   * Most partitions the period may hold, 1 to {@link MAX_BACKFILL_PARTITIONS}. Default
   * {@link DEFAULT_MAX_BACKFILL_PARTITIONS}; raise it to take a longer period in one backfill.
   */
  maxPartitions?: number;
  /**
   * Partitions one workflow run starts before continuing as new, 1 to
   * {@link MAX_BACKFILL_PARTITIONS_PER_RUN}. Default {@link DEFAULT_BACKFILL_PARTITIONS_PER_RUN}.
   */
  partitionsPerRun?: number;
  /** Options of each partition run; the ingest's defaults otherwise. */
  ingest?: BackfillIngestOptions;
  /** Set by the workflow when it continues as new; never pass it yourself. */
  continuation?: BackfillContinuation;
}

/** {@link HackerNewsBackfillInput} with defaults applied. */
export interface ResolvedBackfillInput {
  window: IngestWindow;
  partition: string;
  partitionMs: number;
  /** Partitions in the window. */
  total: number;
  parallelism: number;
  mode: BackfillMode;
  maxPartitions: number;
  partitionsPerRun: number;
  ingest: BackfillIngestOptions;
  continuation: BackfillContinuation | null;
}

/** Context of {@link resolveBackfillInput}. */
export interface BackfillInputContext {
  /** The current time (Unix ms): `end` may be at most a minute past it. Default `Date.now()`. */
  now?: number;
  /**
   * How problems name fields (default: the input's own names; the ingest options as
   * `ingest.<name>`, `start` and `end` together as `window`).
   */
  names?: FieldNames;
}

const KNOWN_KEYS = ['start', 'end', ...Object.keys(BACKFILL_OPTIONS), 'ingest', 'continuation'];

/**
 * Checks a `HackerNewsBackfillInput` and applies defaults. Returns every problem found; the
 * workflow fails with a non-retryable `InvalidInput` on any, before starting anything. Clients
 * run it to reject bad flags before starting a backfill.
 *
 * Problems: an unknown option; `start` or `end` missing or not ISO-8601 with a time zone;
 * `end <= start`; an end more than a minute in the future (a backfill takes partitions that are
 * already over; the schedule takes the coming ones); `start` or `end` off a partition boundary
 * (the message gives the nearest boundaries); more partitions than `maxPartitions` (the message
 * says how to split or raise it); an option out of its row of {@link BACKFILL_OPTIONS}; a bad
 * `ingest` option (a row of `INGEST_OPTIONS`); a continuation this workflow did not write.
 */
export function resolveBackfillInput(
  raw: unknown,
  context: BackfillInputContext = {},
): { input: ResolvedBackfillInput; problems: InputProblem[] } {
  const names = context.names ?? inputFieldNames;
  const problems: InputProblem[] = [];
  let given: Record<string, unknown> = {};
  if (isRecord(raw)) given = raw;
  else {
    problems.push(
      new InputProblem(
        '',
        `input must be an object such as { "start": "2025-01-01T00:00:00Z", "end": "2025-01-02T00:00:00Z" }, got ${describe(raw)}`,
      ),
    );
  }
  checkKnownKeys(given, KNOWN_KEYS, problems);
  const { partition, parallelism, mode, maxPartitions, partitionsPerRun } = readOptions(
    BACKFILL_OPTIONS,
    given,
    problems,
    names,
  );
  const partitionMs = parsePartition(partition);
  const ingest = checkIngestOptions(given.ingest, problems, names);

  let total = 0;
  const window = checkWindow(given.start, given.end, problems, Number.MAX_SAFE_INTEGER, names);
  if (window) {
    const startMs = Date.parse(window.start);
    const endMs = Date.parse(window.end);
    const now = context.now ?? Date.now();
    if (endMs > now + BACKFILL_FUTURE_SKEW_MS) {
      problems.push(
        new InputProblem(
          'end',
          `${names('end')} (${window.end}) is in the future (it is now ${new Date(now).toISOString()}): a backfill takes partitions that are over; end it at the latest at the last partition boundary before now`,
        ),
      );
    }
    if (partitionMs !== undefined) {
      for (const [name, ms] of [
        ['start', startMs],
        ['end', endMs],
      ] as const) {
        if (ms % partitionMs !== 0) {
          const below = Math.floor(ms / partitionMs) * partitionMs;
          problems.push(
            new InputProblem(
              name,
              `${names(name)} (${new Date(ms).toISOString()}) is not on a ${partition} partition boundary: use ${new Date(below).toISOString()} or ${new Date(below + partitionMs).toISOString()}`,
            ),
          );
        }
      }
      total = Math.ceil((endMs - startMs) / partitionMs);
      if (total > maxPartitions) {
        const chunkEnd = new Date(startMs + maxPartitions * partitionMs).toISOString();
        problems.push(
          new InputProblem(
            'maxPartitions',
            `${names('window')}: the period holds ${total} partitions of ${partition}, more than ${names('maxPartitions')} (${maxPartitions}): split it (the first: ${names('start')} ${window.start}, ${names('end')} ${chunkEnd}) or raise ${names('maxPartitions')} (at most ${MAX_BACKFILL_PARTITIONS})`,
          ),
        );
      }
    }
  }

  let continuation: BackfillContinuation | null = null;
  if (given.continuation !== undefined) {
    continuation = checkContinuation(given.continuation, window, partitionMs, problems) ?? null;
  }

  return {
    input: {
      window: window ?? { start: new Date(0).toISOString(), end: new Date(0).toISOString() },
      partition,
      partitionMs: partitionMs ?? 3_600_000,
      total,
      parallelism,
      mode,
      maxPartitions,
      partitionsPerRun,
      ingest,
      continuation,
    },
    problems,
  };
}

/**
 * The workflow id of a backfill's run for one partition: `hackernews-ingest/<partition key>`,
 * e.g. `hackernews-ingest/window:2025-01-01T00:00:00.000Z/2025-01-01T01:00:00.000Z`. Derived from
 * the key alone, so two backfills over the same partition never run it twice at once: Temporal
 * refuses a second running workflow with the same id.
 */
export function partitionWorkflowId(key: string): string {
  return `${DEFAULT_INGEST_WORKFLOW_ID}/${key}`;
}

/** The `index`-th partition of a resolved backfill (from 0), with its key. */
export function backfillPartition(
  input: Pick<ResolvedBackfillInput, 'window' | 'partitionMs'>,
  index: number,
): { window: IngestWindow; key: string } {
  const startMs = Date.parse(input.window.start) + index * input.partitionMs;
  const window = {
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + input.partitionMs).toISOString(),
  };
  return { window, key: partitionKey({ kind: 'window', window }) };
}

function checkIngestOptions(
  value: unknown,
  problems: InputProblem[],
  names: FieldNames,
): BackfillIngestOptions {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    problems.push(
      new InputProblem(
        'ingest',
        `ingest must be an object of ingest options, got ${describe(value)}`,
      ),
    );
    return {};
  }
  checkKnownKeys(value, Object.keys(INGEST_TUNING_OPTIONS), problems, 'ingest.');
  const checked = readOptions(INGEST_TUNING_OPTIONS, value, problems, names, 'ingest.');
  // Only the options given: each partition run applies its own defaults to the rest.
  return Object.fromEntries(
    Object.keys(INGEST_TUNING_OPTIONS)
      .filter((key) => value[key] !== undefined)
      .map((key) => [key, checked[key as keyof IngestOptions]]),
  );
}

function checkContinuation(
  value: unknown,
  window: IngestWindow | undefined,
  partitionMs: number | undefined,
  problems: InputProblem[],
): BackfillContinuation | undefined {
  const bad = (why: string): undefined => {
    problems.push(
      new InputProblem(
        'continuation',
        `continuation is not one this workflow wrote (${why}); start without it`,
      ),
    );
    return undefined;
  };
  if (!isRecord(value)) return bad('not an object');
  if (!window || partitionMs === undefined) return undefined;
  const nextMs = parseInstant(value.nextStart);
  if (
    nextMs === undefined ||
    nextMs < Date.parse(window.start) ||
    nextMs > Date.parse(window.end) ||
    (nextMs - Date.parse(window.start)) % partitionMs !== 0
  ) {
    return bad('nextStart');
  }
  const totals = value.totals;
  if (
    !isRecord(totals) ||
    !['completed', 'skipped', 'failed'].every((k) => isIntegerIn(totals[k], 0, MAX_SAFE)) ||
    !isCounts(totals.counts)
  ) {
    return bad('totals');
  }
  const failed = value.failedPartitions;
  if (
    !Array.isArray(failed) ||
    failed.length > MAX_FAILED_PARTITIONS_LISTED ||
    !failed.every(
      (f) =>
        isRecord(f) &&
        typeof f.key === 'string' &&
        typeof f.workflowId === 'string' &&
        typeof f.type === 'string' &&
        typeof f.message === 'string',
    )
  ) {
    return bad('failedPartitions');
  }
  if (!isIntegerIn(value.maxInFlight, 0, MAX_BACKFILL_PARALLELISM)) return bad('maxInFlight');
  if (!isIntegerIn(value.continuedAsNew, 0, MAX_SAFE)) return bad('continuedAsNew');
  if (parseInstant(value.startedAt) === undefined) return bad('startedAt');
  return {
    nextStart: new Date(nextMs).toISOString(),
    totals: totals as unknown as BackfillTotals,
    failedPartitions: failed as FailedPartition[],
    maxInFlight: value.maxInFlight,
    continuedAsNew: value.continuedAsNew,
    startedAt: value.startedAt as string,
    ...(isIntegerIn(value.nextEdge, 1, MAX_SAFE) ? { nextEdge: value.nextEdge } : {}),
  };
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function isCounts(value: unknown): value is IngestCounts {
  if (!isRecord(value)) return false;
  const count = (v: unknown): boolean => isIntegerIn(v, 0, MAX_SAFE);
  const byType = value.byType;
  return (
    ['items', 'deleted', 'dead', 'missing', 'invalid', 'bytes'].every((key) => count(value[key])) &&
    isRecord(byType) &&
    ITEM_TYPES.every((type) => count(byType[type]))
  );
}
