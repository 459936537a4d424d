import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type Client,
  type QueryDefinition,
  type Workflow,
  type WorkflowHandleWithFirstExecutionRunId,
  type WorkflowResultType,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { AlreadyRunningError, RunFailedError } from './exit-codes';

/**
 * How a watched run's progress is polled: one query every `everyMs`, each given `deadlineMs` to
 * answer. With no worker, or across a continue-as-new, a query fails or goes unanswered; the next
 * one may not, so a query never holds the loop for longer than its deadline.
 */
export const PROGRESS_POLL = Object.freeze({ everyMs: 250, deadlineMs: 5_000 });

/** Options of {@link runWorkflow}. */
export interface RunWorkflowOptions<W extends Workflow, P> {
  /** What the run is called in errors: `{ a: 'An ingest', the: 'The ingest' }`. */
  label: { a: string; the: string };
  /** The flag (or option) that sets the workflow id, named when one is already running. */
  idOption: string;
  /** The workflow's progress query, and what to do with each answer. */
  progress?: { query: QueryDefinition<P>; onProgress(progress: P): void };
  /** Called once the run started; the function it returns is called when the run is over. */
  onStarted?(handle: WorkflowHandleWithFirstExecutionRunId<W>): (() => void) | void;
}

/** What {@link runWorkflow} returns: the run's ids and its result. */
export interface WorkflowRun<W extends Workflow> {
  workflowId: string;
  /** The first run's id (a chain that continued as new keeps it). */
  runId: string;
  result: WorkflowResultType<W>;
}

/**
 * Starts a workflow, polls its progress ({@link PROGRESS_POLL}) while it runs, waits for its
 * result and says what went wrong in the caller's words:
 *
 * ```ts
 * const { result } = await runWorkflow(client, HackerNewsIngestWorkflow, { taskQueue, workflowId, args }, {
 *   label: { a: 'An ingest', the: 'The ingest' },
 *   idOption: '--workflow-id',
 *   progress: { query: ingestProgressQuery, onProgress: (p) => draw(p) },
 * });
 * ```
 *
 * @throws AlreadyRunningError when a run with the workflow id is going; RunFailedError (its
 *   `cause` the workflow's failure) when the run failed. Anything else (a connection lost) as is.
 */
export async function runWorkflow<W extends Workflow, P = unknown>(
  client: Client,
  workflow: W,
  start: WorkflowStartOptions<W>,
  options: RunWorkflowOptions<W, P>,
): Promise<WorkflowRun<W>> {
  const { workflowId } = start;
  const handle = await client.workflow.start(workflow, start).catch((error: unknown) => {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    throw new AlreadyRunningError(
      `${options.label.a} with id ${workflowId} is already running: wait for it, or pass another ${options.idOption}.`,
      { cause: error },
    );
  });
  const runId = handle.firstExecutionRunId;
  const stopWatching = options.onStarted?.(handle);
  let stopped = false;
  const progress = options.progress;
  if (progress) {
    void (async () => {
      while (!stopped) {
        const current = await client
          .withDeadline(Date.now() + PROGRESS_POLL.deadlineMs, () => handle.query(progress.query))
          .catch(() => undefined);
        if (current !== undefined && !stopped) progress.onProgress(current);
        await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL.everyMs));
      }
    })();
  }
  try {
    return { workflowId, runId, result: await handle.result() };
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    throw new RunFailedError(`${options.label.the} ${workflowId} (run id ${runId}) failed.`, {
      cause: error.cause ?? error,
    });
  } finally {
    stopped = true;
    stopWatching?.();
  }
}

/** `TASK_QUEUE_KIND_NORMAL` and `TASK_QUEUE_TYPE_WORKFLOW` of Temporal's API enums. */
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/**
 * Whether a worker polls `taskQueue` for workflow tasks; `undefined` when the server cannot say.
 */
export async function hasWorkflowPollers(
  client: Client,
  taskQueue: string,
): Promise<boolean | undefined> {
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
