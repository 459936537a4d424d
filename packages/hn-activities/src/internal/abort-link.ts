import { EventEmitter } from 'node:events';

/** A signal that follows a parent signal until it is released. */
export interface AbortLink {
  /** Aborts, with the parent's reason, when the parent aborts before {@link release}. */
  readonly signal: AbortSignal;
  /** Aborts the link's signal (not the parent's), e.g. on a timeout of the call. */
  abort(reason: unknown): void;
  /** Stops following the parent. Idempotent. */
  release(): void;
}

/** What a parent signal aborts: an `AbortController` or a {@link CallAbort}. */
interface Abortable {
  abort(reason: unknown): void;
}

// One `abort` listener per parent signal, however many links are open on it: a listener per
// request on a shared signal trips Node's MaxListenersExceededWarning at 11 requests in flight,
// and `AbortSignal.any` keeps every dependent signal alive as long as a long-lived parent.
const children = new WeakMap<AbortSignal, Set<Abortable>>();

function abortChildren(this: AbortSignal): void {
  const linked = children.get(this);
  children.delete(this);
  for (const child of linked ?? []) child.abort(this.reason);
}

/**
 * Makes `child` abort with `parent`'s reason when `parent` aborts (at once if it already has),
 * until the returned function is called. Idempotent release.
 */
function follow(parent: AbortSignal | undefined, child: Abortable): () => void {
  if (parent === undefined) return () => undefined;
  if (parent.aborted) {
    child.abort(parent.reason);
    return () => undefined;
  }
  let linked = children.get(parent);
  if (linked === undefined) {
    linked = new Set();
    children.set(parent, linked);
    parent.addEventListener('abort', abortChildren, { once: true });
  }
  linked.add(child);
  return () => {
    const current = children.get(parent);
    if (current === undefined || !current.delete(child)) return;
    if (current.size === 0) {
      children.delete(parent);
      parent.removeEventListener('abort', abortChildren);
    }
  };
}

/**
 * A per-call signal linked to `parent` (or never aborted without one), for code that adds its
 * own listeners: those go on the link's signal, and the parent carries one listener in all.
 */
export function linkSignal(parent: AbortSignal | undefined): AbortLink {
  const child = new AbortController();
  return {
    signal: child.signal,
    abort: (reason) => child.abort(reason),
    release: follow(parent, child),
  };
}

/**
 * The abort of one HTTP call, as an `EventEmitter` that emits `abort` once: undici takes one as a
 * request's `signal`, and it costs a fraction of an `AbortController` (its `AbortSignal` and the
 * `EventTarget` listeners on it), which counts at one per item fetched.
 */
export class CallAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  private readonly unfollow: () => void;

  /** Follows `parent` (one listener on it in all, see {@link linkSignal}) until {@link release}. */
  constructor(parent: AbortSignal | undefined) {
    super();
    this.unfollow = follow(parent, this);
  }

  /** Emits `abort` with `reason` kept in {@link reason}; later calls do nothing. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** Stops following the parent. Idempotent. */
  release(): void {
    this.unfollow();
  }
}
