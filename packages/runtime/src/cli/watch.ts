import { TASK_QUEUE } from '@hn/contract';
import {
  hasWorkflowPollers,
  runWorkflow,
  type RunWorkflowOptions,
  type WorkflowRun,
} from '../run-workflow';
import type {
  Client,
  QueryDefinition,
  Workflow,
  WorkflowHandle,
  WorkflowStartOptions,
} from '@temporalio/client';
import { writeErr, type CliContext } from './context';

/** Default wait before checking that a worker polls the task queue. */
export const NO_WORKER_HINT_MS = 3000;

/** What a command's run is, and how it is watched on the terminal. */
export interface WatchOptions<P> {
  label: { a: string; the: string };
  idOption: string;
  taskQueue: string;
  /** Draw a progress line from the workflow's `query` (only on a terminal, never with --json). */
  progress?: { query: QueryDefinition<P>; line(progress: P, width: number): string };
  /** Print how to start a worker when none polls the task queue after `ctx.noWorkerHintMs`. */
  noWorkerHint?: boolean;
}

/**
 * The `runWorkflow` options of a command: errors in its words, its progress on the status line,
 * and (with `noWorkerHint`) a hint on stderr when no worker polls the task queue. The run keeps
 * waiting either way: a worker started later picks it up.
 */
export function watchOptions<W extends Workflow, P>(
  ctx: CliContext,
  client: Client,
  { label, idOption, taskQueue, progress, noWorkerHint }: WatchOptions<P>,
): RunWorkflowOptions<W, P> {
  const draw = progress !== undefined && ctx.status.enabled;
  return {
    label,
    idOption,
    ...(draw && {
      progress: {
        query: progress.query,
        onProgress: (current: P) => ctx.status.draw(progress.line(current, ctx.status.width)),
      },
    }),
    onStarted(handle) {
      if (draw) ctx.status.draw(`starting ${handle.workflowId}…`);
      let stopped = false;
      const timer = noWorkerHint
        ? setTimeout(() => {
            void hasWorkflowPollers(client, taskQueue).then((polled) => {
              if (polled === false && !stopped) {
                writeErr(ctx, noWorkerText(client, taskQueue, handle));
              }
            });
          }, ctx.noWorkerHintMs ?? NO_WORKER_HINT_MS)
        : undefined;
      return () => {
        stopped = true;
        clearTimeout(timer);
        ctx.status.clear();
      };
    },
  };
}

function noWorkerText(client: Client, taskQueue: string, handle: WorkflowHandle): string {
  const namespace = client.options.namespace;
  return [
    `warning: no worker polls task queue '${taskQueue}' in namespace '${namespace}'; the run waits for one.`,
    "  Start the worker: 'pnpm --filter worker start' (with the same TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE).",
    `  Or check --task-queue (the worker polls '${TASK_QUEUE}' unless HN_TASK_QUEUE says otherwise) and the namespace.`,
    `  Ctrl-C stops waiting here; the run stays queued until a worker takes it or you terminate it:`,
    `  temporal workflow terminate --workflow-id ${handle.workflowId} --namespace ${namespace}`,
  ].join('\n');
}

/**
 * A command's run in one call: connects through `ctx`, runs the workflow with `runWorkflow`
 * watched as {@link watchOptions} says (on `start.taskQueue`), and closes the connection.
 *
 * ```ts
 * const { result, runId } = await runWatched(ctx, HackerNewsIngestWorkflow, { taskQueue, workflowId, args }, {
 *   label: { a: 'An ingest', the: 'The ingest' },
 *   idOption: '--workflow-id',
 * });
 * ```
 *
 * @throws what `ctx.connect` and `runWorkflow` throw.
 */
export async function runWatched<W extends Workflow, P>(
  ctx: CliContext,
  workflow: W,
  start: WorkflowStartOptions<W>,
  watch: Omit<WatchOptions<P>, 'taskQueue'>,
): Promise<WorkflowRun<W>> {
  const { client, close } = await ctx.connect();
  try {
    const options = watchOptions<W, P>(ctx, client, { ...watch, taskQueue: start.taskQueue });
    return await runWorkflow(client, workflow, start, options);
  } finally {
    await close();
  }
}

/**
 * Draws `line()` on the status line every `everyMs` until Ctrl-C (SIGINT), which stops the
 * watching only: what is watched keeps running. The status line is cleared at the end.
 */
export async function watchUntilInterrupted(
  ctx: CliContext,
  line: () => Promise<string>,
  everyMs = 1_000,
): Promise<void> {
  let watching = true;
  const stopWatching = (): void => {
    watching = false;
  };
  process.once('SIGINT', stopWatching);
  try {
    while (watching) {
      ctx.status.draw(await line());
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  } finally {
    process.off('SIGINT', stopWatching);
    ctx.status.clear();
  }
}
