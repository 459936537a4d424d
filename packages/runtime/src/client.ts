export { connectClient, type ConnectClientOptions } from './connect-client';
export {
  AlreadyRunningError,
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
