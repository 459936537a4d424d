import { CallAbort } from './abort-link';

/** What a wait for a slot can be aborted by. */
export type AbortSource = AbortSignal | CallAbort;

/**
 * A FIFO semaphore: at most `limit` tasks run at once. A task still waiting for a slot is
 * dropped as soon as its signal aborts, so an abort never waits for other requests to finish.
 */
export class ConcurrencyLimiter {
  private active = 0;
  // Waiters in arrival order; a Set, so that dropping an aborted one costs no search.
  private readonly waiting = new Set<() => void>();

  constructor(readonly limit: number) {}

  /** Runs `task` once a slot is free; rejects with `signal.reason` if aborted while waiting. */
  async run<T>(task: () => Promise<T>, signal?: AbortSource): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /**
   * Takes a slot when one is free and no one waits for it, at once and without a promise: a
   * caller that runs once per request tries this first and awaits {@link acquire} only when it
   * returns false. Pair a true result with one {@link release}.
   */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active += 1;
    return true;
  }

  /**
   * Resolves with a slot (pair it with one {@link release}), in arrival order; rejects with
   * `signal.reason`, holding no slot, if the signal aborts first.
   */
  acquire(signal?: AbortSource): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.delete(start);
        reject(abortError(signal));
      };
      const unlisten = signal === undefined ? undefined : onAbortOf(signal, onAbort);
      const start = (): void => {
        unlisten?.();
        resolve();
      };
      this.waiting.add(start);
    });
  }

  /** Gives a slot back: straight to the longest waiter, if any. */
  release(): void {
    for (const next of this.waiting) {
      this.waiting.delete(next);
      // The slot passes straight to the next waiter, so `active` stays unchanged.
      next();
      return;
    }
    this.active -= 1;
  }
}

/** Calls `listener` once `source` aborts; the returned function stops listening. */
function onAbortOf(source: AbortSource, listener: () => void): () => void {
  if (source instanceof CallAbort) {
    source.once('abort', listener);
    return () => source.removeListener('abort', listener);
  }
  source.addEventListener('abort', listener, { once: true });
  return () => source.removeEventListener('abort', listener);
}

function abortError(signal: AbortSource | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
}
