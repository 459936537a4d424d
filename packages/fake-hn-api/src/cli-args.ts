import { parseCliArgs as parseOptions } from '@hn/runtime';
import { FakeHnApiError } from './errors';
import { mergeFaults, NO_FAULTS, type Faults } from './faults';
import { MAX_SPACE_MAX_ITEM } from './item-space';
import type { StartFakeHackerNewsApiOptions } from './server';

/** Usage text of the command line. */
export const CLI_USAGE = `Usage: tsx src/cli.ts [options]

Starts the fake Hacker News API and prints {"baseUrl": "..."} on one line when ready.
Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port <n>              port to listen on (default: a free port)
  --host <address>        interface to listen on (default: 127.0.0.1)
  --seed <n>              dataset and fault seed (default: 1)
  --latency <ms>          added latency per request (default: 0)
  --error-rate <0..1>     fraction answered 500/502/503
  --rate-limit-rate <0..1> fraction answered 429 with Retry-After
  --retry-after <s>       Retry-After of 429 answers (default: 1)
  --hang-rate <0..1>      fraction never answered
  --malformed-rate <0..1> fraction answered with truncated JSON
  --fail-next <n>         answer the next n requests 503, then recover
  --not-found-lists <a,b> lists answering 404 (top,new,best,ask,show,job)
  --down                  answer every request 503
  --generated-space       serve every id from 1 to --max-item: the curated dataset's ids as
                          they are, every other id generated from (seed, id)
  --max-item <n>          maxitem of the generated space (default: 43000000)
  --items-per-hour <n>    rate of the generated clock (default: 600)
  --live                  serve the generated space at now: maxitem follows the clock, items
                          change with time, /v0/updates.json lists what changed
  --clock <time>          with --live: the clock starts at this ISO-8601 time (default: now)
  --speed <x>             with --live: the clock runs x times as fast, 0 frozen (default: 1)
  -h, --help              show this help

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
  let values;
  try {
    ({ values } = parseOptions(args, {
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        'error-rate': { type: 'string' },
        'rate-limit-rate': { type: 'string' },
        'retry-after': { type: 'string' },
        'hang-rate': { type: 'string' },
        'malformed-rate': { type: 'string' },
        'fail-next': { type: 'string' },
        'not-found-lists': { type: 'string' },
        down: { type: 'boolean' },
        'generated-space': { type: 'boolean' },
        'max-item': { type: 'string' },
        'items-per-hour': { type: 'string' },
        live: { type: 'boolean' },
        clock: { type: 'string' },
        speed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new FakeHnApiError('INVALID_OPTIONS', (error as Error).message, { cause: error });
  }
  if (values.help) return { help: true };

  const num = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw new FakeHnApiError('INVALID_OPTIONS', `--${flag} must be a number, got "${raw}"`);
    }
    return value;
  };

  const partial: Partial<Faults> = {};
  const set = <K extends keyof Faults>(key: K, value: Faults[K] | undefined): void => {
    if (value !== undefined) partial[key] = value;
  };
  set('latencyMs', num('latency', values.latency));
  set('errorRate', num('error-rate', values['error-rate']));
  set('rateLimitRate', num('rate-limit-rate', values['rate-limit-rate']));
  set('retryAfterSeconds', num('retry-after', values['retry-after']));
  set('hangRate', num('hang-rate', values['hang-rate']));
  set('malformedRate', num('malformed-rate', values['malformed-rate']));
  set('failNextRequests', num('fail-next', values['fail-next']));
  set('down', values.down);
  if (values['not-found-lists'] !== undefined) {
    partial.notFoundLists = values['not-found-lists']
      .split(',')
      .map((name) => name.trim()) as Faults['notFoundLists'];
  }
  try {
    mergeFaults(NO_FAULTS, partial);
  } catch (error) {
    throw new FakeHnApiError('INVALID_OPTIONS', (error as Error).message, { cause: error });
  }

  const options: StartFakeHackerNewsApiOptions = { faults: partial };
  const port = num('port', values.port);
  if (port !== undefined) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new FakeHnApiError(
        'INVALID_OPTIONS',
        `--port must be an integer from 0 to 65535, got "${values.port}"`,
      );
    }
    options.port = port;
  }
  const seed = num('seed', values.seed);
  if (seed !== undefined) options.seed = seed;
  if (values.host !== undefined) options.host = values.host;
  const maxItem = num('max-item', values['max-item']);
  const itemsPerHour = num('items-per-hour', values['items-per-hour']);
  if (
    !values['generated-space'] &&
    !values.live &&
    (maxItem !== undefined || itemsPerHour !== undefined)
  ) {
    throw new FakeHnApiError(
      'INVALID_OPTIONS',
      '--max-item and --items-per-hour shape the generated space: add --generated-space',
    );
  }
  if (values['generated-space']) options.generatedSpace = true;
  if (maxItem !== undefined) {
    if (!Number.isSafeInteger(maxItem) || maxItem < 0 || maxItem > MAX_SPACE_MAX_ITEM) {
      throw new FakeHnApiError(
        'INVALID_OPTIONS',
        `--max-item must be an integer from 0 to ${MAX_SPACE_MAX_ITEM}, got "${values['max-item']}"`,
      );
    }
    options.maxItem = maxItem;
  }
  if (itemsPerHour !== undefined) {
    if (itemsPerHour < 1 || itemsPerHour > 36_000_000) {
      throw new FakeHnApiError(
        'INVALID_OPTIONS',
        `--items-per-hour must be from 1 to 36000000, got "${values['items-per-hour']}"`,
      );
    }
    options.itemsPerHour = itemsPerHour;
  }
  const speed = num('speed', values.speed);
  if (!values.live && (speed !== undefined || values.clock !== undefined)) {
    throw new FakeHnApiError(
      'INVALID_OPTIONS',
      '--clock and --speed set the live clock: add --live',
    );
  }
  if (values.live) {
    if (maxItem !== undefined) {
      throw new FakeHnApiError(
        'INVALID_OPTIONS',
        '--max-item and --live exclude each other: a live maxitem follows the clock (use --clock)',
      );
    }
    if (speed !== undefined && (speed < 0 || speed > 100_000)) {
      throw new FakeHnApiError(
        'INVALID_OPTIONS',
        `--speed must be from 0 to 100000, got "${values.speed}"`,
      );
    }
    const start = values.clock === undefined ? undefined : Date.parse(values.clock);
    if (
      start !== undefined &&
      (Number.isNaN(start) || !/T.*(Z|[+-]\d\d:?\d\d)$/.test(values.clock!))
    ) {
      throw new FakeHnApiError(
        'INVALID_OPTIONS',
        `--clock must be an ISO-8601 time with a time zone (e.g. 2026-01-01T00:00:00Z), got "${values.clock}"`,
      );
    }
    const boot = Date.now();
    options.live = {
      ...(start === undefined ? {} : { clock: () => start + (Date.now() - boot) }),
      ...(speed === undefined ? {} : { speed }),
    };
  }
  return { help: false, options };
}
