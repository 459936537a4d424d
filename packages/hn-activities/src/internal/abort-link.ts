/** A signal that follows a parent signal until it is released. */
export interface AbortLink {
  /** Aborts, with the parent's reason, when the parent aborts before {@link release}. */
  readonly signal: AbortSignal;
  /** Aborts the link's signal (not the parent's), e.g. on a timeout of the call. */
  abort(reason: unknown): void;
  /** Stops following the parent. Idempotent. */
  release(): void;
}

// One `abort` listener per parent signal, however many links are open on it: a listener per
// request on a shared signal trips Node's MaxListenersExceededWarning at 11 requests in flight,
// and `AbortSignal.any` keeps every dependent signal alive as long as a long-lived parent.
const children = new WeakMap<AbortSignal, Set<AbortController>>();

function abortChildren(this: AbortSignal): void {
  const linked = children.get(this);
  children.delete(this);
  for (const child of linked ?? []) child.abort(this.reason);
}

/**
 * A per-call signal linked to `parent` (or never aborted without one), for code that adds its
 * own listeners: those go on the link's signal, and the parent carries one listener in all.
 */
export function linkSignal(parent: AbortSignal | undefined): AbortLink {
  const child = new AbortController();
  const abort = (reason: unknown): void => child.abort(reason);
  if (parent === undefined) return { signal: child.signal, abort, release: () => undefined };
  if (parent.aborted) {
    child.abort(parent.reason);
    return { signal: child.signal, abort, release: () => undefined };
  }
  let linked = children.get(parent);
  if (linked === undefined) {
    linked = new Set();
    children.set(parent, linked);
    parent.addEventListener('abort', abortChildren, { once: true });
  }
  linked.add(child);
  return {
    signal: child.signal,
    abort,
    release() {
      const current = children.get(parent);
      if (current === undefined || !current.delete(child)) return;
      if (current.size === 0) {
        children.delete(parent);
        parent.removeEventListener('abort', abortChildren);
      }
    },
  };
}
