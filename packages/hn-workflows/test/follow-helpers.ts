import type { FollowStatus } from '@hn/contract';
import type { StartFakeHackerNewsApiOptions } from '@hn/fake-hn-api';
import type { WorkflowHandle } from '@temporalio/client';
import { followStatusQuery } from '../src/index';
import { FAST_ITEM_RETRY, startWorkerHarness, type WorkerHarness } from './helpers';

/**
 * A dev server, the fake API, a SQLite store and a way to run a worker on them. The follower is
 * queried while it continues as new, which can stall a run on the time-skipping server; it polls
 * on a timer of real seconds anyway, so there is no time to skip.
 */
export type FollowHarness = WorkerHarness;

export function startFollowHarness(
  apiOptions: StartFakeHackerNewsApiOptions,
  taskQueue = 'hn-follow-test',
): Promise<FollowHarness> {
  return startWorkerHarness({
    taskQueue,
    server: 'dev',
    api: apiOptions,
    itemRetry: FAST_ITEM_RETRY,
  });
}

/** Queries the follower until `done` holds for its status (real time), or fails after `ms`. */
export async function waitForStatus(
  handle: WorkflowHandle,
  done: (status: FollowStatus) => boolean,
  ms = 120_000,
): Promise<FollowStatus> {
  const deadline = Date.now() + ms;
  let last: FollowStatus | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(followStatusQuery);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the follower did not get there in ${ms} ms; last status ${JSON.stringify(last)}`,
  );
}
