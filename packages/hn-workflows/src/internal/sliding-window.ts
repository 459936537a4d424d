import { CancellationScope, condition } from '@temporalio/workflow';

/** Options of {@link slidingWindow}. */
export interface SlidingWindowOptions<T> {
  /** Most pieces of work in flight at once; at least 1. */
  size: number;
  /**
   * The next piece of work, or `undefined` to start nothing more. Called each time a slot is
   * free, so it may look at what the work done so far changed (a failure, a cancellation,
   * Temporal suggesting continue-as-new).
   */
  next: () => T | undefined;
  /** Does one piece of work; settles when it is done. Handles its own failures. */
  run: (item: T) => Promise<void>;
  /** Called with the number in flight whenever it changes. */
  onChange?: (inFlight: number) => void;
}

/**
 * Runs work with at most `size` pieces in flight, starting the next as soon as one settles, the
 * shape of Temporal's batch-sliding-window sample: one `condition(() => inFlight < size)` per
 * start. Resolves once `next` says stop and every piece in flight has settled, so a cursor
 * advanced by `next` is exact when it resolves: everything before it is done.
 *
 * A `run` that rejects stops the window: nothing more starts, and the window rejects with that
 * error once the others in flight settled. The waits are not cancellable: a cancelled workflow's
 * work (activities, child runs) settles first, so whatever the caller records afterwards is
 * exact. Waiting issues no command.
 */
export async function slidingWindow<T>(options: SlidingWindowOptions<T>): Promise<void> {
  const size = Math.max(1, options.size);
  let inFlight = 0;
  let failure: { error: unknown } | undefined;
  const waitFor = (test: () => boolean): Promise<void> =>
    CancellationScope.nonCancellable(() => condition(test));
  const settle = (): void => {
    inFlight -= 1;
    options.onChange?.(inFlight);
  };

  while (failure === undefined) {
    await waitFor(() => inFlight < size);
    if (failure !== undefined) break;
    const item = options.next();
    if (item === undefined) break;
    inFlight += 1;
    options.onChange?.(inFlight);
    options.run(item).then(settle, (error: unknown) => {
      failure ??= { error };
      settle();
    });
  }
  await waitFor(() => inFlight === 0);
  if (failure !== undefined) throw failure.error;
}

/**
 * `task` over `items` with at most `limit` in flight, through {@link slidingWindow}; results keep
 * the order of `items`. A task that rejects stops the others from starting, and the call rejects
 * with it once those in flight settled.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await slidingWindow({
    size: limit,
    next: () => (next < items.length ? next++ : undefined),
    run: async (index) => {
      results[index] = await task(items[index] as T, index);
    },
  });
  return results;
}
