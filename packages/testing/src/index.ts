export {
  missingBinaryHelp,
  provisionedPath,
  repoRoot,
  resolveTemporalBinary,
  type ResolvedBinary,
  type TemporalBinaryKind,
} from './binaries';
export { bundleWorkflowsOnce } from './bundle';
export { createLocalEnv, createTimeSkippingEnv, type LocalEnvOptions } from './environments';
export { TemporalBinaryNotFoundError } from './errors';
