import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old space grow past what the last full collection kept: 50 % (V8's own
 * factor rises to 4x while collections are cheap, so a long ingest, whose garbage is promoted to
 * the old space while its items wait for their batch, grew the heap to four times its live set:
 * about 200 MB for 50 MB live, and the worker's peak RSS with the length of the range).
 * Measured with `pnpm bench -- --only ingest` (bench/README.md): peak RSS flat from 10,000 to
 * 100,000 ids, at no measurable CPU cost.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Applies {@link HEAP_GROWING_PERCENT} unless the process was started with its own
 * `--heap-growing-percent` (on the command line or in `NODE_OPTIONS`). V8 reads this flag each
 * time it sets the next collection's limit, so it takes effect when set at start-up.
 */
export function sizeHeap(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) =>
    /--heap[-_]growing[-_]percent/.test(arg),
  );
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
