import { BACKFILL_OPTIONS, INGEST_OPTIONS } from '@hn/contract';
import { parseCliArgs } from '@hn/runtime';

/** Usage text of `pnpm bench`. */
export const BENCH_USAGE = `Usage: pnpm bench [-- options]

Benchmarks the Hacker News pipeline against the fake Hacker News API on a Temporal dev server:
wall time against a plain-HTTP floor and the tutorial's sequential design, latency of small
runs, scaling with concurrency, worker cold start and worker memory; and the item ingest over an
id range: against a plain-HTTP floor on SQLite and PostgreSQL, the one-item-after-another design,
worker memory and history per run; a 24-partition backfill against the sum of its
partitions' plain-HTTP floors; and the dashboard over a generated store of a year (1,000,000
items, 8,760 hourly partitions): each endpoint's p95, first paint and the year grid in Chromium;
and the follower at 10 times Hacker News's peak rate: its lag, requests per new item, settling
cost and worker RSS over a long run.

Options:
  --latency <ms>     latency added to every fake API answer in the throughput runs (default 50)
  --quick            fewer repetitions, for a smoke run
  --only <part>      run one part only: pipeline (the top-stories figures), ingest, backfill,
                     dashboard, follow, or partitions (ingest and backfill, and the
                     partitions issue's table: its figures when filed, this run's and its goals)
  --ids <n>          ids of the ingest's main runs (default 100000; memory is also measured at n/10)
  --items-per-hour <n>
                     ids of each of the backfill's 24 hourly partitions (default 500)
  --parallelism <n>  the backfill's partition runs in flight (default: the backfill's default)
  --concurrency <n>  requests in flight per partition run of the backfill (default: the ingest's)
  --follow-minutes <n>
                     length of the follower's long run (default 30; 3 with --quick); its
                     short run at another poll interval takes a tenth, at least 1
  --json-out <path>  where to write the figures (default bench-results/latest.json)
  -h, --help         show this help`;

/** What `pnpm bench` was asked to do. */
export interface BenchOptions {
  latencyMs: number;
  quick: boolean;
  jsonOut: string;
  /** Both parts when unset. */
  only: 'pipeline' | 'ingest' | 'backfill' | 'dashboard' | 'follow' | 'partitions' | undefined;
  ids: number;
  /** Ids per partition of the backfill part. */
  itemsPerHour: number;
  /** Partition runs in flight in the backfill part. */
  parallelism: number;
  /** Minutes of the follower part's long run. */
  followMinutes: number;
  /** Requests in flight per partition run in the backfill part. */
  concurrency: number;
}

/** Thrown for a bad flag; the runner prints the message and the usage and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses the command line (without `node` and the script).
 *
 * @returns the options, or `undefined` when `--help` was given.
 * @throws UsageError naming the bad flag.
 */
export function parseBenchArgs(args: readonly string[]): BenchOptions | undefined {
  let values;
  try {
    ({ values } = parseCliArgs(args, {
      strict: true,
      allowPositionals: false,
      options: {
        latency: { type: 'string' },
        quick: { type: 'boolean' },
        only: { type: 'string' },
        ids: { type: 'string' },
        'items-per-hour': { type: 'string' },
        parallelism: { type: 'string' },
        'follow-minutes': { type: 'string' },
        concurrency: { type: 'string' },
        'json-out': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  const latencyMs = values.latency === undefined ? 50 : Number(values.latency);
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 10_000) {
    throw new UsageError(
      `--latency must be an integer from 0 to 10000 (ms), got "${values.latency}"`,
    );
  }
  const jsonOut = values['json-out'] ?? 'bench-results/latest.json';
  if (jsonOut.trim() === '') throw new UsageError('--json-out must be a file path');
  const only = values.only;
  if (
    only !== undefined &&
    only !== 'pipeline' &&
    only !== 'ingest' &&
    only !== 'backfill' &&
    only !== 'dashboard' &&
    only !== 'follow' &&
    only !== 'partitions'
  ) {
    throw new UsageError(
      `--only must be "pipeline", "ingest", "backfill", "dashboard", "follow" or "partitions", got "${only}"`,
    );
  }
  const ids = values.ids === undefined ? 100_000 : Number(values.ids);
  if (!Number.isInteger(ids) || ids < 10 || ids > 1_000_000) {
    throw new UsageError(`--ids must be an integer from 10 to 1000000, got "${values.ids}"`);
  }
  const itemsPerHour =
    values['items-per-hour'] === undefined ? 500 : Number(values['items-per-hour']);
  if (!Number.isInteger(itemsPerHour) || itemsPerHour < 10 || itemsPerHour > 30_000) {
    throw new UsageError(
      `--items-per-hour must be an integer from 10 to 30000, got "${values['items-per-hour']}"`,
    );
  }
  const parallelism =
    values.parallelism === undefined
      ? BACKFILL_OPTIONS.parallelism.default
      : Number(values.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 32) {
    throw new UsageError(
      `--parallelism must be an integer from 1 to 32, got "${values.parallelism}"`,
    );
  }
  const quick = values.quick ?? false;
  const followMinutes =
    values['follow-minutes'] === undefined ? (quick ? 3 : 30) : Number(values['follow-minutes']);
  if (!Number.isInteger(followMinutes) || followMinutes < 1 || followMinutes > 600) {
    throw new UsageError(
      `--follow-minutes must be an integer from 1 to 600, got "${values['follow-minutes']}"`,
    );
  }
  const concurrency =
    values.concurrency === undefined
      ? INGEST_OPTIONS.concurrency.default
      : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 500) {
    throw new UsageError(
      `--concurrency must be an integer from 1 to 500, got "${values.concurrency}"`,
    );
  }
  return {
    latencyMs,
    quick,
    jsonOut,
    only,
    ids,
    itemsPerHour,
    parallelism,
    concurrency,
    followMinutes,
  };
}
