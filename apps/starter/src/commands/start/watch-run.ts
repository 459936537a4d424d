import { TASK_QUEUE } from '@hn/contract';
import { progressQuery } from '@hn/workflows';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { writeErr, type CliContext } from '../../cli/context';
import { progressLine } from '../../render/progress-bar';

/** `TASK_QUEUE_KIND_NORMAL` and `TASK_QUEUE_TYPE_WORKFLOW` of Temporal's API enums. */
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;
/** Default wait before checking that a worker polls the task queue. */
export const NO_WORKER_HINT_MS = 3000;
const PROGRESS_EVERY_MS = 200;

/** Options of {@link watchRun}. */
export interface WatchRunOptions {
  taskQueue: string;
  /** Draw a progress line (only on a terminal). */
  progress: boolean;
}

/** A running watch: stop it once the result is in. */
export interface RunWatch {
  stop(): void;
}

/**
 * While a run goes: draws its progress (the workflow's `progress` query) on the status line,
 * and, when no worker polls the task queue after `ctx.noWorkerHintMs`, prints on stderr how to
 * start one. The run keeps waiting either way: a worker started later picks it up.
 */
export function watchRun(
  ctx: CliContext,
  client: Client,
  handle: WorkflowHandle,
  { taskQueue, progress }: WatchRunOptions,
): RunWatch {
  let stopped = false;
  const draw = progress && ctx.status.enabled;
  if (draw) ctx.status.draw(`starting ${handle.workflowId}…`);
  const poll = async () => {
    while (!stopped) {
      // A query waits for a worker to answer; with none it just resolves late or fails.
      const current = await handle.query(progressQuery).catch(() => undefined);
      if (current && !stopped) ctx.status.draw(progressLine(current, ctx.status.width));
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
    }
  };
  if (draw) void poll();

  const timer = setTimeout(() => {
    void hasPollers(client, taskQueue).then((polled) => {
      if (polled === false && !stopped) writeErr(ctx, noWorkerHint(client, taskQueue, handle));
    });
  }, ctx.noWorkerHintMs ?? NO_WORKER_HINT_MS);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      ctx.status.clear();
    },
  };
}

/** Whether a worker polls the task queue for workflow tasks; `undefined` when the server cannot say. */
async function hasPollers(client: Client, taskQueue: string): Promise<boolean | undefined> {
  try {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (pollers ?? []).length > 0;
  } catch {
    return undefined;
  }
}

function noWorkerHint(client: Client, taskQueue: string, handle: WorkflowHandle): string {
  const namespace = client.options.namespace;
  return [
    `warning: no worker polls task queue '${taskQueue}' in namespace '${namespace}'; the run waits for one.`,
    "  Start the worker: 'pnpm --filter worker start' (with the same TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE).",
    `  Or check --task-queue (the worker polls '${TASK_QUEUE}' unless HN_TASK_QUEUE says otherwise) and the namespace.`,
    `  Ctrl-C stops waiting here; the run stays queued until a worker takes it or you terminate it:`,
    `  temporal workflow terminate --workflow-id ${handle.workflowId} --namespace ${namespace}`,
  ].join('\n');
}
