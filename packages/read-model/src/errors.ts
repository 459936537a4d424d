/**
 * Stable codes of {@link ReadModelError}. Match on these, never on messages.
 *
 * - `INVALID_QUERY`: a query parameter was rejected; `problems` names each field and what it
 *   allows. Nothing was read.
 * - `NOT_FOUND`: the thing asked for (a partition key) is not stored.
 * - `OPEN_FAILED`: the store could not be opened read-only (a missing file, an unreachable server).
 * - `QUERY_FAILED`: a read failed.
 */
export type ReadModelErrorCode = 'INVALID_QUERY' | 'NOT_FOUND' | 'OPEN_FAILED' | 'QUERY_FAILED';

/** One rejected query parameter: which, and what it allows. */
export interface QueryProblem {
  field: string;
  message: string;
}

/** The one error type `@hn/read-model` throws. `code` is stable; `message` says what to do. */
export class ReadModelError extends Error {
  override readonly name = 'ReadModelError';
  readonly code: ReadModelErrorCode;
  /** For `INVALID_QUERY`: every rejected parameter. */
  readonly problems: readonly QueryProblem[];

  constructor(
    code: ReadModelErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: readonly QueryProblem[] },
  ) {
    super(message, options);
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}

/** True when `error` is a {@link ReadModelError}, optionally with the given `code`. */
export function isReadModelError(
  error: unknown,
  code?: ReadModelErrorCode,
): error is ReadModelError {
  return error instanceof ReadModelError && (code === undefined || error.code === code);
}
