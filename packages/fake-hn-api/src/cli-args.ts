import { parseCliArgs as parseOptions } from '@hn/runtime';
import { FakeHnApiError } from './errors';
import { mergeFaults, NO_FAULTS, type Faults } from './faults';
import { MAX_SPACE_MAX_ITEM } from './item-space';
import type { StartFakeHackerNewsApiOptions } from './server';

/** One command-line flag: parsing, checks and its line of the usage text. */
interface Flag {
  /** The value's placeholder in the usage text; a flag without one is a boolean. */
  value?: string;
  short?: string;
  /** Its usage text; a `\n` continues on the next line under the first. */
  help: string;
  /** The value is a number, within `range` when given. */
  number?: { range?: { min: number; max: number; integer?: boolean } };
  /** The fault it sets; `mergeFaults` checks the value. */
  fault?: keyof Faults;
}

/** Every flag, in the order of the usage text. */
const FLAGS = {
  port: {
    value: '<n>',
    number: { range: { min: 0, max: 65535, integer: true } },
    help: 'port to listen on (default: a free port)',
  },
  host: { value: '<address>', help: 'interface to listen on (default: 127.0.0.1)' },
  seed: { value: '<n>', number: {}, help: 'dataset and fault seed (default: 1)' },
  latency: {
    value: '<ms>',
    number: {},
    fault: 'latencyMs',
    help: 'added latency per request (default: 0)',
  },
  'error-rate': {
    value: '<0..1>',
    number: {},
    fault: 'errorRate',
    help: 'fraction answered 500/502/503',
  },
  'rate-limit-rate': {
    value: '<0..1>',
    number: {},
    fault: 'rateLimitRate',
    help: 'fraction answered 429 with Retry-After',
  },
  'retry-after': {
    value: '<s>',
    number: {},
    fault: 'retryAfterSeconds',
    help: 'Retry-After of 429 answers (default: 1)',
  },
  'hang-rate': { value: '<0..1>', number: {}, fault: 'hangRate', help: 'fraction never answered' },
  'malformed-rate': {
    value: '<0..1>',
    number: {},
    fault: 'malformedRate',
    help: 'fraction answered with truncated JSON',
  },
  'fail-next': {
    value: '<n>',
    number: {},
    fault: 'failNextRequests',
    help: 'answer the next n requests 503, then recover',
  },
  'not-found-lists': {
    value: '<a,b>',
    fault: 'notFoundLists',
    help: 'lists answering 404 (top,new,best,ask,show,job)',
  },
  down: { fault: 'down', help: 'answer every request 503' },
  'generated-space': {
    help: "serve every id from 1 to --max-item: the curated dataset's ids as\nthey are, every other id generated from (seed, id)",
  },
  'max-item': {
    value: '<n>',
    number: { range: { min: 0, max: MAX_SPACE_MAX_ITEM, integer: true } },
    help: 'maxitem of the generated space (default: 43000000)',
  },
  'items-per-hour': {
    value: '<n>',
    number: { range: { min: 1, max: 36_000_000 } },
    help: 'rate of the generated clock (default: 600)',
  },
  live: {
    help: 'serve the generated space at now: maxitem follows the clock, items\nchange with time, /v0/updates.json lists what changed',
  },
  clock: {
    value: '<time>',
    help: 'with --live: the clock starts at this ISO-8601 time (default: now)',
  },
  speed: {
    value: '<x>',
    number: { range: { min: 0, max: 100_000 } },
    help: 'with --live: the clock runs x times as fast, 0 frozen (default: 1)',
  },
  help: { short: 'h', help: 'show this help' },
} as const satisfies Record<string, Flag>;

type FlagName = keyof typeof FLAGS;
type Values = Partial<Record<FlagName, string | boolean>>;
type Numbers = Partial<Record<FlagName, number>>;

/** Flag combinations that are refused, checked after each value parses and before ranges. */
const RULES: readonly { refuses: (values: Values) => boolean; message: string }[] = [
  {
    refuses: (v) =>
      !v['generated-space'] &&
      !v.live &&
      (v['max-item'] !== undefined || v['items-per-hour'] !== undefined),
    message: '--max-item and --items-per-hour shape the generated space: add --generated-space',
  },
  {
    refuses: (v) => !v.live && (v.speed !== undefined || v.clock !== undefined),
    message: '--clock and --speed set the live clock: add --live',
  },
  {
    refuses: (v) => v.live === true && v['max-item'] !== undefined,
    message:
      '--max-item and --live exclude each other: a live maxitem follows the clock (use --clock)',
  },
];

/** Column of the flags' descriptions in the usage text. */
const HELP_COLUMN = 26;

function usageLine(name: string, flag: Flag): string {
  const head = `  ${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.value ? ` ${flag.value}` : ''}`;
  const [first, ...rest] = flag.help.split('\n');
  return [
    `${head.padEnd(HELP_COLUMN - 1)} ${first}`,
    ...rest.map((line) => `${' '.repeat(HELP_COLUMN)}${line}`),
  ].join('\n');
}

/** Usage text of the command line. */
export const CLI_USAGE = `Usage: tsx src/cli.ts [options]

Starts the fake Hacker News API and prints {"baseUrl": "..."} on one line when ready.
Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
${Object.entries(FLAGS)
  .map(([name, flag]) => usageLine(name, flag))
  .join('\n')}

Faults can be changed at runtime: POST /__control/faults with a JSON body.
maxitem can be moved at runtime: POST /__control/maxitem with {"maxItem": n} or {"advanceBy": k}.`;

/** What the command line asked for. */
export type CliCommand = { help: true } | { help: false; options: StartFakeHackerNewsApiOptions };

/**
 * Parses the command line arguments (without `node` and the script).
 *
 * @throws FakeHnApiError `INVALID_OPTIONS` with a message naming the bad flag.
 */
export function parseCliArgs(args: readonly string[]): CliCommand {
  const values = readValues(args);
  if (values.help) return { help: true };
  const numbers = readNumbers(values);
  const faults = readFaults(values, numbers);
  const refused = RULES.find((rule) => rule.refuses(values));
  if (refused) throw invalid(refused.message);
  checkRanges(values, numbers);
  const options: StartFakeHackerNewsApiOptions = { faults };
  if (numbers.port !== undefined) options.port = numbers.port;
  if (numbers.seed !== undefined) options.seed = numbers.seed;
  if (values.host !== undefined) options.host = values.host as string;
  if (values['generated-space']) options.generatedSpace = true;
  if (numbers['max-item'] !== undefined) options.maxItem = numbers['max-item'];
  if (numbers['items-per-hour'] !== undefined) options.itemsPerHour = numbers['items-per-hour'];
  if (values.live) options.live = liveOptions(values.clock as string | undefined, numbers.speed);
  return { help: false, options };
}

function invalid(message: string, cause?: unknown): FakeHnApiError {
  return new FakeHnApiError('INVALID_OPTIONS', message, cause === undefined ? {} : { cause });
}

function readValues(args: readonly string[]): Values {
  const options = Object.fromEntries(
    Object.entries(FLAGS).map(([name, flag]: [string, Flag]) => [
      name,
      {
        type: flag.value ? ('string' as const) : ('boolean' as const),
        ...(flag.short ? { short: flag.short } : {}),
      },
    ]),
  );
  try {
    return parseOptions(args, { strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
}

/** Every number flag given, as a number, in the table's order. */
function readNumbers(values: Values): Numbers {
  const numbers: Numbers = {};
  for (const [name, flag] of Object.entries(FLAGS) as [FlagName, Flag][]) {
    const raw = values[name];
    if (!flag.number || typeof raw !== 'string') continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw invalid(`--${name} must be a number, got "${raw}"`);
    }
    numbers[name] = value;
  }
  return numbers;
}

/** The faults the flags set, checked by `mergeFaults`. */
function readFaults(values: Values, numbers: Numbers): Partial<Faults> {
  const partial: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(FLAGS) as [FlagName, Flag][]) {
    const raw = values[name];
    if (flag.fault === undefined || raw === undefined) continue;
    partial[flag.fault] =
      name === 'not-found-lists'
        ? (raw as string).split(',').map((list) => list.trim())
        : (numbers[name] ?? raw);
  }
  try {
    mergeFaults(NO_FAULTS, partial);
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
  return partial;
}

function checkRanges(values: Values, numbers: Numbers): void {
  for (const [name, flag] of Object.entries(FLAGS) as [FlagName, Flag][]) {
    const range = flag.number?.range;
    const value = numbers[name];
    if (range === undefined || value === undefined) continue;
    if ((range.integer && !Number.isSafeInteger(value)) || value < range.min || value > range.max) {
      const kind = range.integer ? 'an integer from' : 'from';
      throw invalid(
        `--${name} must be ${kind} ${range.min} to ${range.max}, got "${values[name]}"`,
      );
    }
  }
}

/** The live clock: from `clock` (ISO-8601 with a time zone) when given, at `speed`. */
function liveOptions(
  clock: string | undefined,
  speed: number | undefined,
): NonNullable<StartFakeHackerNewsApiOptions['live']> {
  const start = clock === undefined ? undefined : Date.parse(clock);
  if (start !== undefined && (Number.isNaN(start) || !/T.*(Z|[+-]\d\d:?\d\d)$/.test(clock!))) {
    throw invalid(
      `--clock must be an ISO-8601 time with a time zone (e.g. 2026-01-01T00:00:00Z), got "${clock}"`,
    );
  }
  const boot = Date.now();
  return {
    ...(start === undefined ? {} : { clock: () => start + (Date.now() - boot) }),
    ...(speed === undefined ? {} : { speed }),
  };
}
