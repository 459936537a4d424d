import { escapeControlCharacters, escapeJsonForTerminals } from './control-characters';
import { bound } from './internal/bound';
import { isErrorLike, serializeError } from './serialize-error';

/** `json`: one JSON object a line, for log collectors; `pretty`: readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

/**
 * One log entry, the shape of `@temporalio/worker`'s `LogEntry`: what the SDK's `DefaultLogger`
 * hands its output function.
 */
export interface LogRecord {
  level: string;
  message: string;
  timestampNanos: bigint;
  meta?: Record<string, unknown>;
}

/** Limits of {@link toLogValue} and {@link formatLogLine}. */
export interface LogValueOptions {
  /** Longest string kept, in characters. Default 4000. */
  maxStringLength?: number;
  /** Nesting followed into objects and arrays. Default 4. */
  maxDepth?: number;
  /** Keys kept per object and items per array. Default 50. */
  maxEntries?: number;
}

/**
 * `value` made safe to write to a log: errors become {@link serializeError} data (never `{}`),
 * strings are cut at `maxStringLength` with credentials in URLs redacted, bigints become
 * strings, functions and symbols are dropped, cycles and nesting past `maxDepth` become
 * `"[Circular]"` and `"[Truncated]"`. Never throws.
 */
export function toLogValue(value: unknown, options: LogValueOptions = {}): unknown {
  const limits = {
    maxStringLength: options.maxStringLength ?? 4000,
    maxDepth: options.maxDepth ?? 4,
    maxEntries: options.maxEntries ?? 50,
  };
  return sanitize(value, 0, new WeakSet(), limits);
}

function sanitize(
  value: unknown,
  depth: number,
  seen: WeakSet<object>,
  limits: Required<LogValueOptions>,
): unknown {
  switch (typeof value) {
    case 'string':
      return bound(value, limits.maxStringLength);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  if (isErrorLike(value)) return serializeError(value, { maxStringLength: limits.maxStringLength });
  const object = value as object;
  if (seen.has(object)) return '[Circular]';
  if (depth >= limits.maxDepth) return '[Truncated]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof URL) return bound(value.href, limits.maxStringLength);
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} of ${value.byteLength} bytes]`;
  seen.add(object);
  try {
    if (Array.isArray(value)) {
      const items = value
        .slice(0, limits.maxEntries)
        .map((item) => sanitize(item, depth + 1, seen, limits) ?? null);
      if (value.length > limits.maxEntries) {
        items.push(`[${value.length - limits.maxEntries} more items]`);
      }
      return items;
    }
    const out: Record<string, unknown> = {};
    const entries = Object.entries(object);
    for (const [key, item] of entries.slice(0, limits.maxEntries)) {
      const clean = sanitize(item, depth + 1, seen, limits);
      if (clean !== undefined) out[bound(key, 200)] = clean;
    }
    if (entries.length > limits.maxEntries) {
      out['…'] = `${entries.length - limits.maxEntries} more keys`;
    }
    return out;
  } catch {
    return '[Unserializable]';
  } finally {
    seen.delete(object);
  }
}

/**
 * One log line, without the newline. `json`: `{"time","level","message",...meta}` with meta made
 * safe by {@link toLogValue} (the entry's own fields win over meta keys of the same name) and C1
 * and bidirectional controls escaped as well as JSON's own escapes. `pretty`:
 * `time LEVEL message {meta}` with every control character escaped
 * ({@link escapeControlCharacters}), so data cannot move the cursor, clear the screen or forge a
 * line. Credentials in URLs are redacted in both.
 */
export function formatLogLine(
  entry: LogRecord,
  format: LogFormat,
  options: LogValueOptions = {},
): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const message = bound(entry.message, options.maxStringLength ?? 4000);
  const meta = (toLogValue(entry.meta ?? {}, options) ?? {}) as Record<string, unknown>;
  if (format === 'json') {
    const { time: _t, level: _l, message: _m, ...rest } = meta;
    return escapeJsonForTerminals(JSON.stringify({ time, level: entry.level, message, ...rest }));
  }
  const metaText = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
  return escapeControlCharacters(`${time} ${entry.level.padEnd(5)} ${message}${metaText}`);
}
