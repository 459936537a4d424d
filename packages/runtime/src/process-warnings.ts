import { serializeError } from './serialize-error';

/** The part of a logger {@link logProcessWarnings} needs; the SDK's `Logger` has it. */
export interface WarningLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
}

/**
 * Sends the process's warnings (`MaxListenersExceededWarning`, deprecations, …) to `logger` as
 * `warn` entries with the warning serialised under `warning`, instead of Node's own plain-text
 * lines on stderr, so a process that logs JSON writes nothing else. The `warning` listeners there
 * were (Node's printer) are removed; `node --no-warnings` and `NODE_NO_WARNINGS=1` still silence
 * warnings altogether. Returns a function that puts the previous listeners back.
 */
export function logProcessWarnings(logger: WarningLogger): () => void {
  const previous = process.listeners('warning');
  process.removeAllListeners('warning');
  // Node installs its printer only when warnings are on (no `--no-warnings`, no
  // `NODE_NO_WARNINGS=1`); without one, stay as silent as Node would have been.
  const silenced = previous.length === 0;
  const onWarning = (warning: Error): void => {
    if (silenced) return;
    logger.warn(`${warning.name}: ${warning.message}`, { warning: serializeError(warning) });
  };
  process.on('warning', onWarning);
  return () => {
    process.off('warning', onWarning);
    for (const listener of previous) process.on('warning', listener);
  };
}
