import { bound } from './internal/bound';

/** An error as plain data: what `JSON.stringify(error)` (which gives `{}`) leaves out. */
export interface SerializedError {
  /** `ApplicationFailure`, `HackerNewsApiError`, `TypeError`, …; `NonError` for a thrown non-error. */
  name: string;
  message: string;
  /** `ApplicationFailure.type`. */
  type?: string;
  code?: string | number;
  retryable?: boolean;
  nonRetryable?: boolean;
  /** Other scalar fields of known error shapes ({@link SERIALIZED_ERROR_FIELDS}). */
  [field: string]: unknown;
  /** The first stack frames, without the message line. */
  stack?: string;
  cause?: SerializedError;
  /** An `AggregateError`'s errors, the first {@link SerializeErrorOptions.maxErrors}. */
  errors?: SerializedError[];
}

/** Limits of {@link serializeError}. */
export interface SerializeErrorOptions {
  /** Causes followed below the error itself; deeper ones are cut with `causeTruncated`. Default 5. */
  maxDepth?: number;
  /** Longest message (and other string field) kept, in characters. Default 2000. */
  maxStringLength?: number;
  /** Stack frames kept per error; 0 leaves stacks out. Default 8. */
  maxStackFrames?: number;
  /** Errors of an `AggregateError` kept. Default 5. */
  maxErrors?: number;
}

/**
 * Scalar fields copied when an error has them: Temporal failures (`type`, `nonRetryable`,
 * `category`, `activityType`, `retryState`), `HackerNewsApiError` (`code`, `retryable`,
 * `status`, `retryAfterMs`, `url`), storage and Node system errors (`code`, `errno`, `syscall`,
 * `hostname`, `address`, `port`).
 */
export const SERIALIZED_ERROR_FIELDS: readonly string[] = [
  'type',
  'code',
  'retryable',
  'nonRetryable',
  'category',
  'status',
  'statusCode',
  'retryAfterMs',
  'url',
  'activityType',
  'activityId',
  'workflowType',
  'retryState',
  'errno',
  'syscall',
  'hostname',
  'address',
  'port',
];

/**
 * Turns anything thrown into bounded, JSON-safe data: name, message, the fields of
 * {@link SERIALIZED_ERROR_FIELDS} (an `ApplicationFailure`'s `type` and `nonRetryable`, a
 * `code`, `retryable`, …), the first stack frames, and the cause chain, to `maxDepth` causes.
 * Strings are cut at `maxStringLength` and every URL in them has its credentials redacted
 * ({@link redactUrls}). Cycles end the chain. Never throws.
 */
export function serializeError(
  error: unknown,
  options: SerializeErrorOptions = {},
): SerializedError {
  const limits = {
    maxDepth: options.maxDepth ?? 5,
    maxStringLength: options.maxStringLength ?? 2000,
    maxStackFrames: options.maxStackFrames ?? 8,
    maxErrors: options.maxErrors ?? 5,
  };
  return serialize(error, 0, new Set(), limits);
}

/** Whether `value` looks like an error: an `Error`, or an object with string `name` and `message`. */
export function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { name, message } = value as { name?: unknown; message?: unknown };
  return typeof name === 'string' && typeof message === 'string';
}

function serialize(
  error: unknown,
  depth: number,
  seen: Set<unknown>,
  limits: Required<SerializeErrorOptions>,
): SerializedError {
  if (!isErrorLike(error)) {
    return { name: 'NonError', message: bound(describeNonError(error), limits.maxStringLength) };
  }
  seen.add(error);
  const record = error as unknown as Record<string, unknown>;
  const out: SerializedError = {
    name: bound(safeGet(record, 'name') as string, 200),
    message: bound(safeGet(record, 'message') as string, limits.maxStringLength),
  };
  for (const field of SERIALIZED_ERROR_FIELDS) {
    const value = safeGet(record, field);
    if (typeof value === 'string') out[field] = bound(value, limits.maxStringLength);
    else if (typeof value === 'number' || typeof value === 'boolean') out[field] = value;
  }
  const stack = frames(safeGet(record, 'stack'), limits.maxStackFrames);
  if (stack) out.stack = stack;

  const errors = safeGet(record, 'errors');
  if (Array.isArray(errors) && errors.length > 0) {
    out.errors = errors
      .slice(0, limits.maxErrors)
      .map((inner) =>
        seen.has(inner) || depth >= limits.maxDepth
          ? { name: 'Omitted', message: 'already shown or too deep' }
          : serialize(inner, depth + 1, seen, limits),
      );
    if (errors.length > limits.maxErrors) out.errorsOmitted = errors.length - limits.maxErrors;
  }

  const cause = safeGet(record, 'cause');
  if (cause !== undefined && cause !== null) {
    if (seen.has(cause)) out.causeTruncated = 'cycle';
    else if (depth >= limits.maxDepth) out.causeTruncated = `deeper than ${limits.maxDepth} causes`;
    else out.cause = serialize(cause, depth + 1, seen, limits);
  }
  return out;
}

// A getter on a foreign error may throw; serialising must not.
function safeGet(record: Record<string, unknown>, key: string): unknown {
  try {
    return record[key];
  } catch {
    return undefined;
  }
}

function frames(stack: unknown, max: number): string | undefined {
  if (typeof stack !== 'string' || max <= 0) return undefined;
  const lines = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, max)
    .map((line) => line.trim());
  return lines.length ? bound(lines.join('\n'), 4000) : undefined;
}

function describeNonError(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
