import {
  FOLLOW_OPTIONS,
  InputProblem,
  INGEST_OPTIONS,
  MAX_INGEST_WINDOW_MS,
  MAX_ITEM_ID,
  MIN_PARTITION_MS,
  checkOption,
  resolveBackfillInput,
  resolveFollowInput,
  resolveIngestInput,
  resolveInput,
  type FollowOptionName,
  type HackerNewsFollowInput,
  type HackerNewsBackfillInput,
  type HackerNewsIngestInput,
  type HackerNewsInput,
} from '@hn/contract';
import { UsageError } from '../exit-codes';
import { flagNames } from './flags';

/** The ingest options a command line takes as flags (rows of `INGEST_OPTIONS`). */
export const INGEST_FLAGS = ['concurrency', 'chunkSize', 'maxAttempts'] as const;

/** The flags of an {@link INGEST_FLAGS} option, as commander parses them. */
export type IngestTuningFlags = Partial<Record<(typeof INGEST_FLAGS)[number], number>>;

/** `--last`: a window ending now, as long as one ingest run takes. */
export const LAST_OPTION = {
  type: 'duration',
  minMs: MIN_PARTITION_MS,
  maxMs: MAX_INGEST_WINDOW_MS,
  default: '1h',
  doc: 'the window ending now',
} as const;

/** The flags of an ingest: one target (`--last`, `--from`/`--to` or `--ids`) and the tuning. */
export interface IngestFlags extends IngestTuningFlags {
  last?: string;
  from?: string;
  to?: string;
  /** `<from>..<to>`, both ends inclusive. */
  ids?: string;
}

/** The flags of a backfill: its period, partition, bound, mode and the runs' tuning. */
export interface BackfillFlags extends IngestTuningFlags {
  from?: string;
  to?: string;
  partition?: string;
  parallelism?: number;
  reingest?: boolean;
  maxPartitions?: number;
}

/**
 * The options among `fields` that `flags` gives (not `undefined`), as an input takes them.
 *
 * ```ts
 * givenOptions({ concurrency: 20, chunkSize: undefined }, INGEST_FLAGS); // { concurrency: 20 }
 * ```
 */
export function givenOptions<T extends object, K extends keyof T & string>(
  flags: T,
  fields: readonly K[],
): Partial<Pick<T, K>> {
  return Object.fromEntries(
    fields.filter((field) => flags[field] !== undefined).map((field) => [field, flags[field]]),
  ) as Partial<Pick<T, K>>;
}

/** How an ingest's problems name the input's fields. */
const IDS_FLAGS = { fromId: 'the start of --ids', toId: 'the end of --ids', ids: '--ids' };
const WINDOW_FLAGS = flagNames({
  start: '--from',
  end: '--to',
  window: '--from/--to',
  ...IDS_FLAGS,
});
const LAST_FLAGS = flagNames({ start: '--last', end: '--last', window: '--last', last: '--last' });

/**
 * `HackerNewsIngestWorkflow`'s input from an ingest's flags, checked with the workflow's own
 * rules (`resolveIngestInput`), its problems naming the flags. `now` anchors `--last`.
 *
 * ```ts
 * ingestInputFromFlags({ ids: '1..2000', concurrency: 20 }); // { fromId: 1, toId: 2000, concurrency: 20 }
 * ```
 *
 * @throws UsageError listing every problem.
 */
export function ingestInputFromFlags(
  flags: IngestFlags,
  now: number = Date.now(),
): HackerNewsIngestInput {
  const problems: InputProblem[] = [];
  const targets = [
    flags.last !== undefined && '--last',
    (flags.from !== undefined || flags.to !== undefined) && '--from/--to',
    flags.ids !== undefined && '--ids',
  ].filter(Boolean);
  if (targets.length === 0) {
    throw new UsageError(
      'Give what to ingest: --last <duration>, --from <time> --to <time>, or --ids <from>..<to>.',
    );
  }
  if (targets.length > 1) {
    throw new UsageError(`Give one of --last, --from/--to or --ids, not ${targets.join(' and ')}.`);
  }
  const input: HackerNewsIngestInput = givenOptions(flags, INGEST_FLAGS);
  let names = WINDOW_FLAGS;
  if (flags.last !== undefined) {
    names = LAST_FLAGS;
    const ms = checkOption(LAST_OPTION, 'last', flags.last.trim(), problems, names);
    if (typeof ms === 'number') {
      input.start = new Date(now - ms).toISOString();
      input.end = new Date(now).toISOString();
    }
  } else if (flags.ids !== undefined) {
    const range = idRange(flags.ids, problems);
    if (range) Object.assign(input, range);
  } else {
    if (flags.from !== undefined) input.start = flags.from;
    if (flags.to !== undefined) input.end = flags.to;
  }
  // With a target flag already refused, only the tuning options' problems are worth adding.
  problems.push(
    ...resolveIngestInput(input, { names }).problems.filter(
      (p) => problems.length === 0 || p.field in INGEST_OPTIONS,
    ),
  );
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return input;
}

/**
 * `--ids <from>..<to>` as numbers. An end past `MAX_ITEM_ID` is refused here, as typed: as a
 * number it would be rounded (9007199254740993 reads 9007199254740992).
 */
function idRange(
  text: string,
  problems: InputProblem[],
): { fromId: number; toId: number } | undefined {
  const match = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (!match) {
    problems.push(
      new InputProblem('ids', `--ids must be <from>..<to> (e.g. 1..2000), got "${text}"`),
    );
    return undefined;
  }
  const ends = [
    ['fromId', match[1]!],
    ['toId', match[2]!],
  ] as const;
  const before = problems.length;
  for (const [field, digits] of ends) {
    if (BigInt(digits) > BigInt(MAX_ITEM_ID)) {
      problems.push(
        new InputProblem(
          field,
          `${IDS_FLAGS[field]} must be at most ${MAX_ITEM_ID} (the item store's id limit), got ${digits}`,
        ),
      );
    }
  }
  return problems.length > before
    ? undefined
    : { fromId: Number(match[1]), toId: Number(match[2]) };
}

/**
 * `HackerNewsBackfillWorkflow`'s input from a backfill's flags, checked with the workflow's own
 * rules (`resolveBackfillInput`), its problems naming the command's flags (`names`: the period's
 * two ends). `now` is for the "not in the future" check.
 *
 * ```ts
 * backfillInputFromFlags({ from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z', parallelism: 8 });
 * ```
 *
 * @throws UsageError listing every problem.
 */
export function backfillInputFromFlags(
  flags: BackfillFlags,
  names: { from: string; to: string } = { from: '--from', to: '--to' },
  now: number = Date.now(),
): HackerNewsBackfillInput {
  if (flags.from === undefined || flags.to === undefined) {
    throw new UsageError(
      `A backfill needs ${names.from} and ${names.to}, e.g. ${names.from} 2025-01-01T00:00:00Z ${names.to} 2025-01-02T00:00:00Z.`,
    );
  }
  const ingest = givenOptions(flags, INGEST_FLAGS);
  const input: HackerNewsBackfillInput = {
    start: flags.from,
    end: flags.to,
    ...(flags.partition !== undefined && { partition: flags.partition }),
    ...(flags.parallelism !== undefined && { parallelism: flags.parallelism }),
    ...(flags.reingest === true && { mode: 'reingest' as const }),
    ...(flags.maxPartitions !== undefined && { maxPartitions: flags.maxPartitions }),
    ...(Object.keys(ingest).length > 0 && { ingest }),
  };
  const fields = flagNames({
    start: names.from,
    end: names.to,
    window: `${names.from}/${names.to}`,
  });
  const { problems } = resolveBackfillInput(input, { now, names: fields });
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return input;
}

/** The pipeline's input options a command line takes as flags (rows of `TOP_STORIES_OPTIONS`). */
export const START_FLAGS = ['limit', 'list', 'topWords', 'concurrency', 'retry'] as const;

/** The flags of a pipeline run: its {@link START_FLAGS} as commander parses them, and `--no-store`. */
export interface StartFlags {
  limit?: number;
  list?: string;
  topWords?: number;
  concurrency?: number;
  retry?: string;
  /** `false` with `--no-store`. */
  store: boolean;
}

/**
 * `HackerNewsWorkflow`'s input from a run's flags, returning a report (`output: 'report'`),
 * checked with the workflow's own rules (`resolveInput`), its problems naming the flags.
 *
 * ```ts
 * startInputFromFlags({ limit: 5, store: false }); // { limit: 5, store: false, output: 'report' }
 * ```
 *
 * @throws UsageError listing every problem.
 */
export function startInputFromFlags(flags: StartFlags): HackerNewsInput {
  const input = {
    ...givenOptions(flags, START_FLAGS),
    ...(!flags.store && { store: false }),
    output: 'report',
  } as HackerNewsInput;
  const { problems } = resolveInput(input, flagNames());
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return input;
}

/** The follower's options a command line takes as flags: every row of `FOLLOW_OPTIONS`. */
export const FOLLOW_FLAGS = Object.keys(FOLLOW_OPTIONS) as FollowOptionName[];

/** The flags of a follower: its {@link FOLLOW_FLAGS} and `--from-id`. */
export type FollowFlags = Partial<Record<FollowOptionName | 'fromId', number>>;

/**
 * `HackerNewsFollowWorkflow`'s input from a follower's flags, checked with the workflow's own
 * rules (`resolveFollowInput`), its problems naming the flags.
 *
 * ```ts
 * followInputFromFlags({ pollIntervalSeconds: 5, fromId: 1 }); // { pollIntervalSeconds: 5, fromId: 1 }
 * ```
 *
 * @throws UsageError listing every problem.
 */
export function followInputFromFlags(flags: FollowFlags): HackerNewsFollowInput {
  const input: HackerNewsFollowInput = givenOptions(flags, [...FOLLOW_FLAGS, 'fromId']);
  const { problems } = resolveFollowInput(input, flagNames());
  if (problems.length > 0) throw new UsageError(problems.map((p) => p.message).join('\n'));
  return input;
}
