import { setTimeout as sleep } from 'node:timers/promises';

/** True for SQLite's "database is locked" errors (`SQLITE_BUSY` and its extended codes). */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Calls `attempt` until it does not fail with `SQLITE_BUSY` or `timeoutMs` has passed, waiting
 * 10 to 60 ms (random, so processes that collided do not collide again) between attempts.
 * For locks SQLite takes without calling its busy handler, and for waits longer than the busy
 * timeout. The last error is rethrown, with `onTimeout`'s message when given.
 */
export async function retryWhileBusy<T>(
  timeoutMs: number,
  attempt: () => T | Promise<T>,
  onTimeout?: (error: unknown) => Error,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      if (Date.now() >= deadline) throw onTimeout ? onTimeout(error) : error;
    }
    await sleep(10 + Math.floor(Math.random() * 50));
  }
}
