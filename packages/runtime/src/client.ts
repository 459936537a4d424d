/**
 * The client side of `@hn/runtime`: connect (`connectClient`), run a workflow and watch it
 * (`runWorkflow`: start, poll its progress with one policy and a deadline, await, errors in the
 * caller's words), an update sent only to a running workflow (`updateIfRunning`), and the exit
 * codes a command line maps errors to (`exitCodeOf`, `EXIT`).
 *
 * ```ts
 * import { connectClient, exitCodeOf, runWorkflow } from '@hn/runtime/client';
 *
 * const client = await connectClient();
 * try {
 *   const { result } = await runWorkflow(client, 'HackerNewsWorkflow', { taskQueue, workflowId, args: [{}] }, {
 *     label: { a: 'A run', the: 'The run' },
 *     idOption: '--id',
 *   });
 * } catch (error) {
 *   process.exitCode = exitCodeOf(error);
 * }
 * ```
 *
 * @module
 */
export { connectClient, type ConnectClientOptions } from './connect-client';
export {
  AlreadyRunningError,
  ChecksFailedError,
  EXIT,
  EXIT_CODES_HELP,
  PartitionsFailedError,
  RunFailedError,
  UsageError,
  causeChain,
  exitCodeOf,
  type ExitCode,
  type ExitCodeRules,
} from './exit-codes';
export {
  PROGRESS_POLL,
  hasWorkflowPollers,
  runWorkflow,
  type RunWorkflowOptions,
  type WorkflowRun,
} from './run-workflow';
export { updateIfRunning } from './update-if-running';
