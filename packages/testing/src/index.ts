export {
  missingBinaryHelp,
  provisionedPath,
  repoRoot,
  resolveTemporalBinary,
  type ResolvedBinary,
  type TemporalBinaryKind,
} from './binaries';
export { bundleWorkflowsOnce } from './bundle';
export { BUNDLE_CACHE_ENV } from './bundle-cache-env';
export { startProcess, type ManagedProcess } from './child-process';
export {
  DEV_SERVER_DYNAMIC_CONFIG,
  dynamicConfigArgs,
  startDevServer,
  type DevServer,
  type DevServerOptions,
} from './dev-server';
export { createLocalEnv, createTimeSkippingEnv, type LocalEnvOptions } from './environments';
export { TemporalBinaryNotFoundError } from './errors';
export { freePort, isPortFree } from './ports';
export { registerSearchAttributes } from './search-attributes';
export { waitFor } from './wait-for';
