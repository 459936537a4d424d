/**
 * The dashboard app: {@link startDashboard} serves it (`pnpm start` calls it), and
 * {@link createDashboardServer} builds its Fastify server for tests and embedding.
 *
 * @module
 */
export { createDashboardServer, type DashboardDeps, PUBLIC_DIR } from './server';
export {
  type RunningDashboard,
  startDashboard,
  type StartDashboardOptions,
} from './start-dashboard';
