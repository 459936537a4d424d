import { describe } from './describe';
import { formatDuration } from './duration';
import { ITEM_TYPES, type IngestCounts } from './items';
import {
  InputProblem,
  checkKnownKeys,
  durationIn,
  inputFieldNames,
  isIntegerIn,
  isRecord,
  optionDefaults,
  readOptions,
  type FieldNames,
  type OptionTable,
  type OptionValues,
} from './options';

/**
 * Highest item id the pipeline accepts: 2,147,483,647, the largest value of the item store's
 * 32-bit `integer` id columns (SQLite and PostgreSQL). Hacker News is near 46 million today.
 */
export const MAX_ITEM_ID = 2_147_483_647;

/** Longest time window one ingest run accepts: 31 days (about 450,000 items at today's rate). */
export const MAX_INGEST_WINDOW_MS = 31 * 24 * 60 * 60 * 1000;

/**
 * Most ids one ingest run accepts as an explicit id range: 5,000,000 (about a year of Hacker
 * News). The whole archive is ingested as a series of ranges or windows, so one typo
 * (`1..47000000`) cannot start a single run of weeks.
 */
export const MAX_INGEST_IDS = 5_000_000;

/** Most ids one `ingestItems` activity (one chunk) accepts. */
export const MAX_INGEST_CHUNK_IDS = 10_000;

/** Highest `concurrency` of an ingest run and of one `ingestItems` activity. */
export const MAX_INGEST_CONCURRENCY = 500;

/** Most `ingestItems` activities one ingest run keeps in flight. */
export const MAX_PARALLEL_INGEST_ACTIVITIES = 100;

/** Largest store batch (`batchSize`) of `ingestItems`. */
export const MAX_INGEST_BATCH_SIZE = 1_000;

/**
 * Longest `heartbeatTimeoutSeconds` of an ingest run: ten minutes. The shortest is 1 s, but the
 * `ingestItems` activity heartbeats about once a second, so keep it several seconds above that.
 */
export const MAX_INGEST_HEARTBEAT_TIMEOUT_SECONDS = 600;

/**
 * Most chunks one workflow run starts before it continues as new. Each chunk costs at most six
 * history events (its activity's scheduled, started and completed events and one workflow task's
 * three), so a run stays under about 2,000 events, far below Temporal's 51,200 limit and cheap to
 * replay.
 */
export const MAX_CHUNKS_PER_RUN = 300;

/** Most invalid ids a result, progress or checkpoint lists; the count is always exact. */
export const MAX_INVALID_SAMPLE = 20;

/**
 * Shortest `partition`: one second, the resolution of an item's `time`. The longest is
 * {@link MAX_INGEST_WINDOW_MS}.
 */
export const MIN_PARTITION_MS = 1000;

/** A time window `[start, end)`, as ISO-8601 UTC strings (`2025-01-01T10:00:00.000Z`). */
export interface IngestWindow {
  /** Inclusive. */
  start: string;
  /** Exclusive. */
  end: string;
}

/**
 * Where a run chain is when it continues as new: the resolved range, the cursor and what was
 * counted so far. The workflow builds it; callers never pass one.
 */
export interface IngestContinuation {
  /** The partition's key (see `IngestPartitionRecord.key`). */
  key: string;
  /** The time window, or `null` for an id-range ingest. */
  window: IngestWindow | null;
  fromId: number;
  /** Inclusive; an empty range has `toId = fromId - 1`. */
  toId: number;
  /** Every id below it (from `fromId`) is stored; the next run starts there. */
  nextId: number;
  counts: IngestCounts;
  invalidSample: number[];
  /** Continue-as-new count so far. */
  continuedAsNew: number;
  /** When the first run of the chain started, ISO-8601 UTC. */
  startedAt: string;
  /** The `maxitem` seen when the range was found; absent for an id range. */
  maxItem?: number;
}

/**
 * Input of `HackerNewsIngestWorkflow`: a time window (`start` and `end`), or an id range
 * (`fromId` and `toId`), or neither: then the window of length `partition` that ends at the
 * run's scheduled time (a Schedule's `TemporalScheduledStartTime`, else the run's start time),
 * truncated to a multiple of `partition` since the Unix epoch. An hourly Schedule firing at
 * 10:00 ingests [09:00, 10:00); a backfill of a day ingests each hour of it.
 *
 * The tuning options (`chunkSize`, `concurrency`, `retry` ...) are the rows of
 * {@link INGEST_OPTIONS}, each optional: their types, ranges, defaults and docs are there.
 */
export interface HackerNewsIngestInput extends Partial<IngestOptions> {
  /** ISO-8601 with a time zone (`2025-01-01T09:00:00Z`), inclusive. */
  start?: string;
  /** ISO-8601 with a time zone, exclusive; after `start`, at most 31 days later. */
  end?: string;
  /** First id, from 1. */
  fromId?: number;
  /** Last id, inclusive; at most {@link MAX_INGEST_IDS} ids from `fromId`. */
  toId?: number;
  /**
   * Length of the default window: `<n>s`, `<n>m`, `<n>h` or `<n>d`, from 1 second to 31 days.
   * Default `1h`. Only without `start`/`end` and `fromId`/`toId`.
   */
  partition?: string;
  /** Set by the workflow when it continues as new; never pass it yourself. */
  continuation?: IngestContinuation;
}

/** What an ingest covers: a time window (resolved to ids by `findItemRange`) or an id range. */
export type IngestTarget =
  { kind: 'window'; window: IngestWindow } | { kind: 'ids'; fromId: number; toId: number };

/** {@link HackerNewsIngestInput} resolved: what to ingest, how, and where a chain stands. */
export interface ResolvedIngestInput extends IngestOptions {
  target: IngestTarget;
  /** The partition's key, from the target (see `IngestPartitionRecord.key`). */
  key: string;
  continuation: IngestContinuation | null;
}

/**
 * The options of `HackerNewsIngestWorkflow`'s input, one row each (type, range, default, doc):
 * the workflow's checks, the `ingestItems` activity's schema, a backfill's `ingest` options, the
 * starter's flags, their help and their errors all come from here. A new option is a new row.
 */
export const INGEST_OPTIONS = Object.freeze({
  partition: {
    type: 'duration',
    minMs: MIN_PARTITION_MS,
    maxMs: MAX_INGEST_WINDOW_MS,
    wholeSeconds: true,
    default: '1h',
    doc: 'partition length, the window one run ingests',
  },
  chunkSize: {
    type: 'integer',
    min: 1,
    max: MAX_INGEST_CHUNK_IDS,
    default: 1_000,
    doc: 'ids per ingestItems activity',
  },
  concurrency: {
    type: 'integer',
    min: 1,
    max: MAX_INGEST_CONCURRENCY,
    default: 50,
    doc: 'Hacker News requests in flight for the whole run',
  },
  maxParallelActivities: {
    type: 'integer',
    min: 1,
    max: MAX_PARALLEL_INGEST_ACTIVITIES,
    default: 8,
    doc: 'ingestItems activities in flight at once',
  },
  batchSize: {
    type: 'integer',
    min: 1,
    max: MAX_INGEST_BATCH_SIZE,
    default: 250,
    doc: 'items per store transaction',
  },
  chunksPerRun: {
    type: 'integer',
    min: 1,
    max: MAX_CHUNKS_PER_RUN,
    default: MAX_CHUNKS_PER_RUN,
    doc: 'chunks a workflow run starts before continuing as new',
  },
  heartbeatTimeoutSeconds: {
    type: 'integer',
    min: 1,
    max: MAX_INGEST_HEARTBEAT_TIMEOUT_SECONDS,
    default: 20,
    doc: 'seconds an ingestItems attempt may go without a heartbeat before it is retried',
  },
  retry: {
    type: 'choice',
    choices: ['bounded', 'forever'],
    default: 'bounded',
    doc: 'bounded: maxAttempts attempts per chunk; forever: until the API answers',
  },
  maxAttempts: {
    type: 'integer',
    min: 1,
    max: 100,
    default: 8,
    doc: 'attempts per chunk under retry bounded, backoff 1 s doubling to 30 s',
  },
} as const satisfies OptionTable);

/** The tuning rows of {@link INGEST_OPTIONS} (all but `partition`): what a backfill passes on. */
export const INGEST_TUNING_OPTIONS = Object.freeze(
  (({ partition: _partition, ...tuning }) => tuning)(INGEST_OPTIONS),
);

/** The tuning options of {@link HackerNewsIngestInput}, with defaults applied. */
export type IngestOptions = OptionValues<typeof INGEST_TUNING_OPTIONS>;

/** The defaults of {@link IngestOptions}, and of `partition`. */
export const DEFAULT_INGEST_OPTIONS: Readonly<IngestOptions & { partition: string }> =
  Object.freeze(optionDefaults(INGEST_OPTIONS));

const KNOWN_KEYS = [
  'start',
  'end',
  'fromId',
  'toId',
  ...Object.keys(INGEST_OPTIONS),
  'continuation',
];

/** Context of {@link resolveIngestInput}. */
export interface IngestInputContext {
  /**
   * The run's scheduled time (Unix ms, a `Date` or an ISO string), from which the default window
   * is derived when the input names no window and no id range.
   */
  scheduledTime?: number | Date | string;
  /**
   * How problems name fields (default: the input's own names). Besides the input's fields,
   * `window` names `start` and `end` together and `ids` names `fromId` and `toId` together.
   */
  names?: FieldNames;
}

/**
 * Checks a `HackerNewsIngestWorkflow` input and applies defaults. Returns every problem found,
 * not just the first; the workflow fails with a non-retryable `InvalidInput` on any, before
 * fetching or storing anything. Clients run it to reject bad flags before starting a run.
 *
 * Problems: an unknown option; `start`/`end` or `fromId`/`toId` given alone, or both a window and
 * a range; a time that is not ISO-8601 with a time zone; `end <= start`; a window longer than
 * {@link MAX_INGEST_WINDOW_MS}; ids that are not integers from 1 to {@link MAX_ITEM_ID},
 * `toId < fromId`, or a range longer than {@link MAX_INGEST_IDS}; a bad `partition`; a tuning
 * option out of its row of {@link INGEST_OPTIONS}; no target and no `context.scheduledTime`.
 */
export function resolveIngestInput(
  raw: unknown,
  context: IngestInputContext = {},
): { input: ResolvedIngestInput; problems: InputProblem[] } {
  const names = context.names ?? inputFieldNames;
  const problems: InputProblem[] = [];
  let given: Record<string, unknown> = {};
  if (isRecord(raw)) {
    given = raw;
  } else if (raw !== undefined && raw !== null) {
    problems.push(
      new InputProblem(
        '',
        `input must be an object such as { "start": "2025-01-01T09:00:00Z", "end": "2025-01-01T10:00:00Z" }, got ${describe(raw)}`,
      ),
    );
  }
  checkKnownKeys(given, KNOWN_KEYS, problems);
  const { partition, ...options } = readOptions(INGEST_OPTIONS, given, problems, names);

  const hasWindow = given.start !== undefined || given.end !== undefined;
  const hasIds = given.fromId !== undefined || given.toId !== undefined;
  let target: IngestTarget | undefined;
  let continuation: IngestContinuation | null = null;
  const notWith = (what: string) =>
    problems.push(
      new InputProblem(
        'partition',
        `${names('partition')} sets the default window: give it without ${what}`,
      ),
    );

  if (given.continuation !== undefined) {
    if (hasWindow || hasIds || given.partition !== undefined) {
      problems.push(
        new InputProblem(
          'continuation',
          'continuation carries its own range: give no start, end, fromId, toId or partition with it',
        ),
      );
    }
    const checked = checkContinuation(given.continuation, problems);
    if (checked) {
      continuation = checked;
      target = checked.window
        ? { kind: 'window', window: checked.window }
        : { kind: 'ids', fromId: checked.fromId, toId: checked.toId };
    }
  } else if (hasWindow && hasIds) {
    problems.push(
      new InputProblem(
        '',
        `give a time window (${names('start')} and ${names('end')}) or an id range (${names('fromId')} and ${names('toId')}), not both`,
      ),
    );
  } else if (hasWindow) {
    if (given.partition !== undefined) notWith(`${names('start')} and ${names('end')}`);
    const window = checkWindow(given.start, given.end, problems, MAX_INGEST_WINDOW_MS, names);
    if (window) target = { kind: 'window', window };
  } else if (hasIds) {
    if (given.partition !== undefined) notWith(`${names('fromId')} and ${names('toId')}`);
    const range = checkIdRange(given.fromId, given.toId, problems, names);
    if (range) target = { kind: 'ids', ...range };
  } else {
    const partitionMs = parsePartition(partition);
    const scheduled = toMs(context.scheduledTime);
    if (scheduled === undefined) {
      problems.push(
        new InputProblem(
          '',
          'no window (start, end) or id range (fromId, toId) given, and no scheduled time to derive the default window from',
        ),
      );
    } else if (partitionMs !== undefined) {
      target = { kind: 'window', window: scheduledWindow(scheduled, partitionMs) };
    }
  }

  const resolvedTarget: IngestTarget = target ?? { kind: 'ids', fromId: 1, toId: 0 };
  return {
    input: {
      ...options,
      target: resolvedTarget,
      key: continuation?.key ?? partitionKey(resolvedTarget),
      continuation,
    },
    problems,
  };
}

/**
 * The key of a partition, as `IngestPartitionRecord.key` documents it:
 * `window:<start ISO>/<end ISO>` for a time window, `ids:<fromId>..<toId>` for an id range.
 * The same window or range always gives the same key, so a re-run updates one row.
 */
export function partitionKey(target: IngestTarget): string {
  return target.kind === 'window'
    ? `window:${target.window.start}/${target.window.end}`
    : `ids:${target.fromId}..${target.toId}`;
}

/**
 * The window of length `partitionMs` that ends at `scheduledMs` truncated to a multiple of
 * `partitionMs` since the Unix epoch (UTC): `scheduledWindow(Date.parse('2025-01-01T10:00:07Z'),
 * 3_600_000)` is 09:00 to 10:00.
 */
export function scheduledWindow(scheduledMs: number, partitionMs: number): IngestWindow {
  const end = Math.floor(scheduledMs / partitionMs) * partitionMs;
  return { start: new Date(end - partitionMs).toISOString(), end: new Date(end).toISOString() };
}

const PARTITION_UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Reads a partition length into milliseconds: a duration (`30s`, `15m`, `1h`, `1d`, `1h30m`; see
 * `DURATION_HELP`) of whole seconds from 1 second to 31 days, or `undefined` for anything else.
 */
export function parsePartition(value: unknown): number | undefined {
  return durationIn(INGEST_OPTIONS.partition, value);
}

/**
 * The partition length {@link parsePartition} reads back as `ms`, in the largest unit that
 * divides it (`5_400_000` → `90m`), or `undefined` when `ms` is no whole number of seconds from
 * 1 second to 31 days.
 */
export function formatPartition(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms < MIN_PARTITION_MS || ms > MAX_INGEST_WINDOW_MS) return undefined;
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % PARTITION_UNITS[unit] === 0) return `${ms / PARTITION_UNITS[unit]}${unit}`;
  }
  return undefined;
}

/**
 * Parses an ISO-8601 instant with a time zone (`2025-01-01T10:00:00Z`,
 * `2025-01-01T11:00:00.5+01:00`; seconds and fraction optional) into Unix milliseconds, or
 * `undefined` for anything else, impossible dates (February 30) included.
 */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(
      value,
    );
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((match[7] ?? '').padEnd(3, '0'));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (match[8] !== 'Z') {
    const offsetHours = Number(match[10]);
    const offsetMinutes = Number(match[11]);
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
}

/**
 * Checks a time window: both ends ISO-8601 instants with a time zone, `end` after `start`, at most
 * `maxMs` long. Pushes every problem found onto `problems`, naming fields through `names`
 * (`window` names the two together); returns the window normalised to `toISOString()` form when
 * there is none.
 */
export function checkWindow(
  start: unknown,
  end: unknown,
  problems: InputProblem[],
  maxMs: number = MAX_INGEST_WINDOW_MS,
  names: FieldNames = inputFieldNames,
): IngestWindow | undefined {
  const before = problems.length;
  const startMs = parseInstant(start);
  const endMs = parseInstant(end);
  if (start === undefined || end === undefined) {
    problems.push(
      new InputProblem(
        start === undefined ? 'start' : 'end',
        `a time window needs both ${names('start')} and ${names('end')}`,
      ),
    );
  }
  for (const [field, value, ms, example] of [
    ['start', start, startMs, '2025-01-01T09:00:00Z'],
    ['end', end, endMs, '2025-01-01T10:00:00Z'],
  ] as const) {
    if (value !== undefined && ms === undefined) {
      problems.push(
        new InputProblem(
          field,
          `${names(field)} must be an ISO-8601 time with a time zone such as "${example}", got ${describe(value)}`,
        ),
      );
    }
  }
  if (startMs !== undefined && endMs !== undefined) {
    if (endMs <= startMs) {
      problems.push(
        new InputProblem(
          'end',
          `${names('end')} (${String(end)}) must be after ${names('start')} (${String(start)})`,
        ),
      );
    } else if (endMs - startMs > maxMs) {
      problems.push(
        new InputProblem(
          'window',
          `${names('window')}: the window is ${formatDuration(endMs - startMs)} long; one run ingests at most ${formatDuration(maxMs)}: split it`,
        ),
      );
    }
  }
  if (problems.length > before || startMs === undefined || endMs === undefined) return undefined;
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

function checkIdRange(
  fromId: unknown,
  toId: unknown,
  problems: InputProblem[],
  names: FieldNames,
): { fromId: number; toId: number } | undefined {
  const before = problems.length;
  if (fromId === undefined || toId === undefined) {
    problems.push(
      new InputProblem(
        fromId === undefined ? 'fromId' : 'toId',
        `an id range needs both ${names('fromId')} and ${names('toId')}`,
      ),
    );
  }
  const expected = `an integer from 1 to ${MAX_ITEM_ID}`;
  const fromOk = fromId === undefined || isIntegerIn(fromId, 1, MAX_ITEM_ID);
  const toOk = toId === undefined || isIntegerIn(toId, 1, MAX_ITEM_ID);
  if (!fromOk && !toOk && fromId === toId) {
    // One message for both ends (`0..0`), naming each once.
    problems.push(
      new InputProblem(
        'ids',
        `${names('fromId')} and ${names('toId')} must each be ${expected}, got ${describe(fromId)}`,
      ),
    );
  } else {
    if (!fromOk) {
      problems.push(
        new InputProblem(
          'fromId',
          `${names('fromId')} must be ${expected}, got ${describe(fromId)}`,
        ),
      );
    }
    if (!toOk) {
      problems.push(
        new InputProblem('toId', `${names('toId')} must be ${expected}, got ${describe(toId)}`),
      );
    }
  }
  if (problems.length > before) return undefined;
  const from = fromId as number;
  const to = toId as number;
  if (to < from) {
    problems.push(
      new InputProblem(
        'toId',
        `${names('toId')} (${to}) must be at least ${names('fromId')} (${from})`,
      ),
    );
  } else if (to - from + 1 > MAX_INGEST_IDS) {
    problems.push(
      new InputProblem(
        'ids',
        `${names('ids')}: the range holds ${to - from + 1} ids; one run ingests at most ${MAX_INGEST_IDS}: split it`,
      ),
    );
  }
  return problems.length > before ? undefined : { fromId: from, toId: to };
}

function checkContinuation(
  value: unknown,
  problems: InputProblem[],
): IngestContinuation | undefined {
  const bad = (why: string): undefined => {
    problems.push(
      new InputProblem(
        'continuation',
        `continuation is not one this workflow wrote (${why}); start without it`,
      ),
    );
    return undefined;
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return bad('not an object');
  const c = value as Record<string, unknown>;
  if (typeof c.key !== 'string' || c.key === '') return bad('key');
  let window: IngestWindow | null = null;
  if (c.window !== null) {
    const w = c.window as Record<string, unknown> | undefined;
    const checked = checkWindow(w?.start, w?.end, [], Number.MAX_SAFE_INTEGER);
    if (!checked) return bad('window');
    window = checked;
  }
  const { fromId, toId, nextId, continuedAsNew } = c;
  if (!isIntegerIn(fromId, 1, Number.MAX_SAFE_INTEGER)) return bad('fromId');
  if (!isIntegerIn(toId, fromId - 1, Number.MAX_SAFE_INTEGER)) return bad('toId');
  if (!isIntegerIn(nextId, fromId, toId + 1)) return bad('nextId');
  if (!isIntegerIn(continuedAsNew, 0, Number.MAX_SAFE_INTEGER)) return bad('continuedAsNew');
  if (parseInstant(c.startedAt) === undefined) return bad('startedAt');
  if (!isCounts(c.counts)) return bad('counts');
  const sample = c.invalidSample;
  if (
    !Array.isArray(sample) ||
    sample.length > MAX_INVALID_SAMPLE ||
    !sample.every((id) => isIntegerIn(id, 1, Number.MAX_SAFE_INTEGER))
  ) {
    return bad('invalidSample');
  }
  const { maxItem } = c;
  if (maxItem !== undefined && !isIntegerIn(maxItem, 0, Number.MAX_SAFE_INTEGER)) {
    return bad('maxItem');
  }
  return {
    key: c.key,
    window,
    fromId,
    toId,
    nextId,
    counts: c.counts,
    invalidSample: sample,
    continuedAsNew,
    startedAt: c.startedAt as string,
    ...(maxItem === undefined ? {} : { maxItem }),
  };
}

function isCounts(value: unknown): value is IngestCounts {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  const count = (v: unknown): boolean => isIntegerIn(v, 0, Number.MAX_SAFE_INTEGER);
  const byType = c.byType as Record<string, unknown> | undefined;
  return (
    ['items', 'deleted', 'dead', 'missing', 'invalid', 'bytes'].every((key) => count(c[key])) &&
    typeof byType === 'object' &&
    byType !== null &&
    ITEM_TYPES.every((type) => count(byType[type]))
  );
}

function toMs(value: IngestInputContext['scheduledTime']): number | undefined {
  if (value === undefined) return undefined;
  const ms =
    typeof value === 'number' ? value : value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
