import { describe } from './input';
import type { FieldNames, IntegerOption } from './options';
import { MAX_INGEST_CHUNK_IDS, MAX_INGEST_CONCURRENCY, MAX_ITEM_ID } from './ingest-input';
import type { IngestCounts } from './items';

/** Workflow type of the follower, `HackerNewsFollowWorkflow` of `@hn/workflows`. */
export const FOLLOW_WORKFLOW_TYPE = 'HackerNewsFollowWorkflow';

/**
 * One option of {@link HackerNewsFollowInput}: an integer row (range, default, what it does), so a
 * command line adds its flag like any other table's (`addOptionFlag`).
 */
export type FollowOptionRow = IntegerOption;

/**
 * The follower's tuning options, one row each: validation, the CLI's flags and their help derive
 * from this table. Every option is an integer.
 */
export const FOLLOW_OPTIONS = {
  pollIntervalSeconds: {
    type: 'integer',
    min: 1,
    max: 300,
    default: 15,
    doc: 'seconds between two polls of maxitem (and of /v0/updates)',
  },
  maxIdsPerPoll: {
    type: 'integer',
    min: 1,
    max: 20_000,
    default: 2_000,
    doc: 'new ids ingested per poll at most; a follower behind catches up this many a poll',
  },
  maxGapIds: {
    type: 'integer',
    min: 1,
    max: 5_000_000,
    default: 1_000_000,
    doc: 'a maxitem more ids than this past the cursor is refused as a jump (a warning), never followed',
  },
  chunkSize: {
    type: 'integer',
    min: 1,
    max: MAX_INGEST_CHUNK_IDS,
    default: 500,
    doc: 'ids per ingestItems activity',
  },
  concurrency: {
    type: 'integer',
    min: 1,
    max: MAX_INGEST_CONCURRENCY,
    default: 20,
    doc: 'Hacker News requests in flight for new ids, and for refreshes',
  },
  maxRefreshPerPoll: {
    type: 'integer',
    min: 0,
    max: 1_000,
    default: 200,
    doc: 'changed items (from /v0/updates) re-fetched per poll at most; 0 turns refreshing off',
  },
  settleRequestsPerHour: {
    type: 'integer',
    min: 0,
    max: 100_000,
    default: 3_600,
    doc: 'requests per hour for settling items at their ages (1 h, 1 d, 3 d, 14 d); 0 turns it off',
  },
  pollsPerRun: {
    type: 'integer',
    min: 1,
    max: 500,
    default: 100,
    doc: 'polls one workflow run makes before it continues as new with its cursor',
  },
} as const satisfies Record<string, FollowOptionRow>;

/** The name of one of the {@link FOLLOW_OPTIONS}. */
export type FollowOptionName = keyof typeof FOLLOW_OPTIONS;

/** The tuning options with defaults applied. */
export type FollowOptions = Record<FollowOptionName, number>;

/**
 * Input of `HackerNewsFollowWorkflow`: every field optional. Without `fromId`, a new follower
 * starts at the cursor its destination stored when it last ran, or else just past `maxitem`
 * (new ids only).
 */
export type HackerNewsFollowInput = Partial<FollowOptions> & {
  /** First id to ingest, from 1: the follower stores every id from it on. */
  fromId?: number;
  /** Set by the workflow when it continues as new; never pass it yourself. */
  continuation?: FollowContinuation;
};

/** One problem of a follower input: the option it is about and what to do. */
export interface FollowInputProblem {
  /** An option name, or `input` for the input as a whole. */
  field: string;
  message: string;
}

/** Something the follower refused or could not do, kept where a user sees it (query, logs). */
export interface FollowWarning {
  kind:
    | 'maxitem-backwards'
    | 'maxitem-jump'
    | 'api-unavailable'
    | 'ingest-failed'
    | 'refresh-failed'
    | 'updates-ignored'
    | 'settle-failed';
  message: string;
  /** ISO-8601 UTC. */
  at: string;
}

/** What a follower run hands to the next when it continues as new. */
export interface FollowContinuation {
  /** Every id from `firstId` below it is stored; the next id to ingest. */
  cursor: number;
  /** The cursor when the chain started. */
  firstId: number;
  /** `maxitem` at the last poll. */
  maxItem: number;
  counts: IngestCounts;
  refreshed: number;
  settled: number;
  polls: number;
  warnings: number;
  lastWarning: FollowWarning | null;
  continuedAsNew: number;
  /** ISO-8601 UTC, the chain's first start. */
  startedAt: string;
  /** ISO-8601 UTC of the last poll at which the cursor had passed `maxitem`, or `null`. */
  caughtUpAt: string | null;
}

/** What `followStatusQuery` answers, and what the follower returns when stopped. */
export interface FollowStatus {
  /** `starting` until the first poll has found the cursor. */
  phase: 'starting' | 'following' | 'stopped';
  cursor: number;
  firstId: number;
  maxItem: number;
  /** Ids of `maxitem` not yet stored: `maxItem - cursor + 1`, at least 0. */
  lagIds: number;
  /**
   * Seconds since the follower last had every id up to `maxitem` stored; 0 while it has.
   */
  lagSeconds: number;
  /** Ids stored per second since the chain started. */
  itemsPerSecond: number;
  /** What new ids turned out to be. */
  counts: IngestCounts;
  /** Items re-fetched because `/v0/updates` listed them. */
  refreshed: number;
  /** Items re-fetched because they reached a settling age. */
  settled: number;
  polls: number;
  warnings: number;
  lastWarning: FollowWarning | null;
  continuedAsNew: number;
  startedAt: string;
  /** ISO-8601 UTC, or `null` before the first poll. */
  lastPollAt: string | null;
}

/** Input of the `pollFollow` activity. */
export interface PollFollowInput {
  /** The follower's key (its workflow id): the stored cursor's row. */
  key: string;
  /** Saves it as the key's cursor first; `null` (the follower's first poll) reads the stored one. */
  cursor: number | null;
  /**
   * On the first poll: the id the follower was told to start from (its `fromId`), if any. The
   * poll then stores where it starts (`firstId` of the result) as its cursor and first id.
   */
  fromId?: number | null;
}

/** Result of `pollFollow`. */
export interface PollFollowResult {
  maxItem: number;
  /** The key's stored cursor, or `null` when none is stored. */
  storedCursor: number | null;
  /**
   * On the first poll (`cursor: null`): the id the follower starts from, `fromId`, else the
   * stored cursor, else `maxItem + 1`; stored before it ingests anything, so that partition
   * edges stop there (`FollowStore.followStart`).
   */
  firstId?: number;
}

/** Input of `refreshUpdatedItems`. */
export interface RefreshUpdatedInput {
  /** Only ids below it are re-fetched (the follower's cursor): newer ones are its own. */
  belowId: number;
  /** At most this many ids (the most recently listed first). */
  maxIds: number;
  concurrency: number;
}

/** Result of `refreshUpdatedItems`: counts only. */
export interface RefreshUpdatedResult {
  /** Ids `/v0/updates` listed. */
  listed: number;
  refreshed: number;
  /** Ids left alone: at or above `belowId`, or past `maxIds`. */
  ignored: number;
  /** Why the answer was ignored in whole or part, for the follower's warning; else `null`. */
  warning: string | null;
}

/** Input of `settleItems`. */
export interface SettleItemsInput {
  /** At most this many items. */
  maxItems: number;
  concurrency: number;
}

/** Result of `settleItems`. */
export interface SettleItemsResult {
  /** Items due (up to `maxItems`) that were re-fetched. */
  settled: number;
}

/**
 * Ages after an item's `time` at which the follower fetches it again, in seconds: 1 hour,
 * 1 day, 3 days, 14 days. Scores settle within a day or two and comment counts within two weeks,
 * so after the last one the stored item is final. Four fetches of each new item cost about
 * 2,400 requests an hour at the site's 600 items an hour.
 */
export const SETTLE_AGES_SECONDS: readonly number[] = [3_600, 86_400, 3 * 86_400, 14 * 86_400];

/**
 * When an item fetched at `fetchedAtMs` is due to be fetched again (Unix seconds): the first
 * settling age past the fetch, or `null` once the last age is behind it, or for an id that is no
 * live item (missing, invalid, deleted, without a time).
 */
export function nextSettleAt(
  item: { status: string; time: number | null; deleted: boolean },
  fetchedAtMs: number,
): number | null {
  if (item.status !== 'item' || item.time === null || item.deleted) return null;
  const fetchedAt = Math.floor(fetchedAtMs / 1000);
  for (const age of SETTLE_AGES_SECONDS) {
    if (item.time + age > fetchedAt) return item.time + age;
  }
  return null;
}

/**
 * Metrics of the follower on the worker's meter: `hn_follow_lag_ids` and `hn_follow_lag_seconds`
 * (gauges, set at each poll), `hn_items_refreshed` (counter, by `reason`: `updates` or `settle`)
 * and `hn_follow_warnings` (counter, by `kind`).
 */
export const FOLLOW_METRICS = {
  lagIds: 'hn_follow_lag_ids',
  lagSeconds: 'hn_follow_lag_seconds',
  refreshed: 'hn_items_refreshed',
  warnings: 'hn_follow_warnings',
} as const;

/**
 * The follower's workflow id for a task queue and a destination: exactly one follower per pair.
 * The destination is hashed (it may hold a password), so the id names it without showing it.
 */
export function followWorkflowId(taskQueue: string, destination: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < destination.length; index += 1) {
    hash ^= destination.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `hackernews-follow-${taskQueue}-${hash.toString(16).padStart(8, '0')}`;
}

/** {@link HackerNewsFollowInput} resolved. */
export interface ResolvedFollowInput extends FollowOptions {
  fromId: number | null;
  continuation: FollowContinuation | null;
}

/** Defaults of every option of {@link FOLLOW_OPTIONS}. */
export function defaultFollowOptions(): FollowOptions {
  const options = {} as FollowOptions;
  for (const [name, row] of Object.entries(FOLLOW_OPTIONS)) {
    options[name as FollowOptionName] = row.default;
  }
  return options;
}

/**
 * Checks a `HackerNewsFollowWorkflow` input and applies defaults; returns every problem, each
 * naming its option as `names` says (a command line passes its flags). The workflow fails with a
 * non-retryable `InvalidInput` on any; the CLI runs it first.
 */
export function resolveFollowInput(
  raw: unknown,
  names: FieldNames = (field) => field,
): {
  input: ResolvedFollowInput;
  problems: FollowInputProblem[];
} {
  const problems: FollowInputProblem[] = [];
  const input: ResolvedFollowInput = {
    ...defaultFollowOptions(),
    fromId: null,
    continuation: null,
  };
  if (raw === undefined || raw === null) return { input, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({
      field: 'input',
      message: `input must be an object such as { "pollIntervalSeconds": 15 }, got ${describe(raw)}`,
    });
    return { input, problems };
  }
  const given = raw as Record<string, unknown>;
  const known = [...Object.keys(FOLLOW_OPTIONS), 'fromId', 'continuation'];
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      problems.push({
        field: key,
        message: `unknown option "${key}" (known: ${known.join(', ')})`,
      });
    }
  }
  for (const [name, row] of Object.entries(FOLLOW_OPTIONS)) {
    const value = given[name];
    if (value === undefined) continue;
    if (isIntegerIn(value, row.min, row.max)) input[name as FollowOptionName] = value;
    else {
      problems.push({
        field: name,
        message: `${names(name)} must be an integer from ${row.min} to ${row.max}, got ${describe(value)}`,
      });
    }
  }
  if (given.fromId !== undefined) {
    if (isIntegerIn(given.fromId, 1, MAX_ITEM_ID)) input.fromId = given.fromId;
    else {
      problems.push({
        field: 'fromId',
        message: `${names('fromId')} must be an item id from 1 to ${MAX_ITEM_ID}, got ${describe(given.fromId)}`,
      });
    }
  }
  if (given.continuation !== undefined) {
    if (isContinuation(given.continuation)) input.continuation = given.continuation;
    else {
      problems.push({
        field: 'continuation',
        message: 'continuation is set by the workflow when it continues as new; leave it out',
      });
    }
  }
  return { input, problems };
}

/** A shape check: the workflow builds continuations, so only their cursor is checked closely. */
function isContinuation(value: unknown): value is FollowContinuation {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    isIntegerIn(c.cursor, 1, MAX_ITEM_ID + 1) &&
    isIntegerIn(c.firstId, 1, MAX_ITEM_ID + 1) &&
    typeof c.counts === 'object' &&
    c.counts !== null &&
    typeof c.startedAt === 'string'
  );
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * What the follower's activities need from the worker's store besides an `ItemStore`: its stored
 * cursor and the items due to settle. `@hn/storage`'s `createFollowStore` implements it.
 */
export interface FollowStore {
  /** The cursor stored under `key`, or `null`. */
  followCursor(key: string): Promise<number | null>;
  /** Stores `cursor` under `key` (an upsert). */
  saveFollowCursor(key: string, cursor: number): Promise<void>;
  /**
   * Stores that the follower `key` starts at `firstId`: its cursor, and its first id unless it
   * resumes where its stored cursor stands (then the stored first id stays).
   */
  startFollow(key: string, firstId: number): Promise<void>;
  /**
   * The lowest first id of the followers stored, or `null` when none is: every id from it on is
   * a follower's to fetch, so a partition's edge that a search finds past it stops at it.
   */
  followStart(): Promise<number | null>;
  /** Ids of items whose next settling time is at or before `nowSeconds`, most overdue first. */
  itemsDueToSettle(nowSeconds: number, limit: number): Promise<number[]>;
}
