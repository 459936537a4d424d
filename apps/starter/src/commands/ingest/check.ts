// `ingest check`: runs the data-quality checks of the stored partitions again on stored data
// (nothing is fetched), prints one row per partition and check, and exits with 1 when one fails.
// The checks and their storage are `@hn/storage`'s (`checkPartitions`); this file parses the
// flags and renders.
import { periodFrom, writeOut, type CliContext } from '@hn/runtime/cli';
import { BLOCKING_CHECKS, withStore } from '@hn/storage';
import type { Command } from 'commander';

import { checkFailureText, checkTable, toTerminalJson } from '@hn/runtime';
import { ChecksFailedError } from '@hn/runtime/client';
import { periodFlags, storedDestination, type PeriodFlags } from './stored-period';

/** Registers `ingest check` under the `ingest` command. */
export function registerCheckCommand(group: Command, ctx: CliContext): void {
  group
    .command('check')
    .summary('Run the data-quality checks of the stored partitions again, fetching nothing.')
    .description(
      "Reads the destination (HN_DESTINATION; default the workspace's .data/hn-pipeline.db) and checks each completed " +
        'partition: contiguity with its neighbours, items timed inside the window (10 minutes of ' +
        'tolerance), share of ids without an item, last id within the maxitem it saw; and the ' +
        'freshness of the newest. Stores the results and prints them; exits with 1 when a check of a ' +
        'partition fails (a stale store alone does not).',
    )
    .option('--from <time>', 'only windows ending after this time (ISO-8601)')
    .option('--to <time>', 'only windows starting before this time (ISO-8601)')
    .option('--json', 'print the results as JSON')
    .addHelpText(
      'after',
      `
A partition that fails a check (other than freshness) counts as not completed: 'ingest backfill'
over its period runs it again, without --reingest.`,
    )
    .action((_: PeriodFlags, command: Command) =>
      runCheck(ctx, periodFlags(command, ['last', 'ids', 'concurrency', 'chunkSize'])),
    );
}

async function runCheck(ctx: CliContext, options: PeriodFlags): Promise<void> {
  const period = periodFrom(options);
  const destination = storedDestination('check');
  if ('missing' in destination) {
    writeOut(
      ctx,
      options.json === true
        ? '[]'
        : `Nothing to check: ${destination.missing} does not exist. Set HN_DESTINATION to the worker's destination.`,
    );
    return;
  }
  const results = await withStore(destination.config, (store) => store.checkPartitions(period));
  writeOut(
    ctx,
    options.json === true
      ? toTerminalJson(results)
      : checkTable(results, ctx.stdout.columns ?? 160),
  );
  // Freshness is the store's, not a partition's: it shows in the table and the metric, and a
  // store of past periods is stale by nature, so only the partitions' own checks fail the command.
  const failure = checkFailureText(results, BLOCKING_CHECKS);
  if (failure !== undefined) throw new ChecksFailedError(failure);
}
