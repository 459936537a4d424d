// `pnpm --filter starter start`: runs HackerNewsWorkflow, shows its progress, prints the stories
// as a table and the top title words as a bar chart (or everything as JSON with --json).
import { isHackerNewsReport, type HackerNewsReport } from '@hn/contract';
import { HackerNewsWorkflow, progressQuery } from '@hn/workflows';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { progressLine } from './render/progress-bar';
import { parseStartArgs, USAGE, UsageError } from './start-args';
import { storiesTable } from './render/stories-table';
import { wordBars } from './render/word-bars';
import { ConnectError, connectClient } from './temporal-client';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseStartArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`starter: ${error.message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const client = await connectClient();
  try {
    const handle = await client.workflow.start(HackerNewsWorkflow, {
      taskQueue: args.taskQueue,
      workflowId: args.workflowId,
      args: [args.input],
    });
    const showProgress = !args.json && process.stderr.isTTY;
    const width = process.stdout.columns ?? 120;
    let polling = true;
    const poller = (async () => {
      while (polling && showProgress) {
        const progress = await handle.query(progressQuery).catch(() => undefined);
        if (progress && polling) process.stderr.write(`\r${progressLine(progress, width)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const result = await handle.result().finally(() => {
      polling = false;
    });
    await poller;
    if (showProgress) process.stderr.write('\r\x1b[2K');
    if (!isHackerNewsReport(result))
      throw new Error('the workflow returned stories without a report');
    printReport(result, {
      json: args.json,
      width,
      workflowId: handle.workflowId,
      runId: handle.firstExecutionRunId,
    });
    return 0;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      process.stderr.write(
        `starter: a run with id ${args.workflowId} is already running; wait for it or pass --id.\n`,
      );
      return 1;
    }
    if (error instanceof WorkflowFailedError) {
      const cause = error.cause;
      const type =
        cause && 'type' in cause && typeof cause.type === 'string' ? ` [${cause.type}]` : '';
      process.stderr.write(`starter: the run failed: ${cause?.message ?? error.message}${type}\n`);
      return 1;
    }
    throw error;
  } finally {
    await client.connection.close();
  }
}

function printReport(
  report: HackerNewsReport,
  options: { json: boolean; width: number; workflowId: string; runId: string },
): void {
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ workflowId: options.workflowId, runId: options.runId, ...report }, null, 2)}\n`,
    );
    return;
  }
  const out = [storiesTable(report.stories, options.width)];
  if (report.topWords.length > 0)
    out.push('', 'Top words in titles', wordBars(report.topWords, Math.min(options.width, 80)));
  if (report.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const item of report.skipped)
      reasons.set(item.reason, (reasons.get(item.reason) ?? 0) + 1);
    out.push(
      '',
      `Skipped ${report.skipped.length}: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}`,
    );
  }
  out.push(
    '',
    `Workflow ${options.workflowId} run ${options.runId}${report.stored ? ', stored' : ', not stored'}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`starter: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = error instanceof ConnectError ? 4 : 1;
  },
);
