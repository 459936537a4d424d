// `start`: runs HackerNewsWorkflow, shows its progress, prints the stories as a table and the top
// title words as a bar chart (or everything as JSON with --json).
import {
  type CliContext,
  addOptionFlag,
  nonEmpty,
  type CommandModule,
  runWatched,
  printRun,
  START_FLAGS,
  startInputFromFlags,
  type StartFlags,
} from '@hn/runtime/cli';
import { progressLine, reportSummary } from '@hn/runtime';
import {
  DEFAULT_WORKFLOW_ID,
  TASK_QUEUE,
  TOP_STORIES_OPTIONS,
  isHackerNewsReport,
} from '@hn/contract';
import { HackerNewsWorkflow, progressQuery } from '@hn/workflows';

/** Options of `start`, as commander parses them. */
interface StartOptions extends StartFlags {
  id: string;
  taskQueue: string;
  json?: boolean;
}

/** `start`: one pipeline run, started and awaited. */
export const startCommand: CommandModule = {
  register(program, ctx) {
    const command = program
      .command('start')
      .summary('Run the pipeline on a worker and print the stories and top title words.')
      .description(
        'Runs the Hacker News pipeline on a worker and prints its result: a progress bar while ' +
          'it runs (on a terminal), the stories as a table, the most frequent title words.',
      );
    for (const field of START_FLAGS) addOptionFlag(command, field, TOP_STORIES_OPTIONS[field]);
    command
      .option('--no-store', "do not save the run to the worker's destination")
      .option('--id <workflow-id>', 'workflow id', nonEmpty('--id'), DEFAULT_WORKFLOW_ID)
      .option('--task-queue <name>', 'task queue to start on', nonEmpty('--task-queue'), TASK_QUEUE)
      .option('--json', 'print the full report as JSON (exact data), no progress')
      .addHelpText(
        'after',
        `
When no worker polls the task queue within a few seconds, a hint says how to start one
('pnpm --filter worker start'); the run keeps waiting for it. A failed run prints the failure
and each of its causes, down to the ApplicationFailure and its type, and exits with 1.
Text from Hacker News is shown with escape sequences removed and control characters as U+FFFD;
--json prints it exactly.`,
      )
      .action((options: StartOptions) => runStart(ctx, options));
  },
};

async function runStart(ctx: CliContext, options: StartOptions): Promise<void> {
  const input = startInputFromFlags(options);
  const run = await runWatched(
    ctx,
    HackerNewsWorkflow,
    { taskQueue: options.taskQueue, workflowId: options.id, args: [input] },
    {
      label: { a: 'A run', the: 'The run' },
      idOption: '--id',
      ...(options.json !== true && { progress: { query: progressQuery, line: progressLine } }),
      noWorkerHint: true,
    },
  );
  const { result } = run;
  if (!isHackerNewsReport(result)) {
    throw new Error(
      `The run ${options.id} returned stories without a report: is the worker's HackerNewsWorkflow older than this starter?`,
    );
  }
  printRun(ctx, { ...run, result }, options.json, reportSummary);
}
