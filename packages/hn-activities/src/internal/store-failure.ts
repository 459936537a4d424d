import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES } from '@hn/contract';

/**
 * A store error as a `PipelineStoreError` failure. Stores are idempotent, so it is retried,
 * unless the store says that trying again cannot succeed (`retryable: false` on the error, as
 * `@hn/storage` sets on a full disk or a destination that cannot be written): then it is
 * non-retryable, and the run fails at once with the store's own message rather than after its
 * retry policy. An `ApplicationFailure` passes through unchanged.
 */
export function storeFailure(
  what: string,
  error: unknown,
  details?: unknown[],
): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  return ApplicationFailure.create({
    type: FAILURE_TYPES.storeFailed,
    message: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    nonRetryable: isPermanent(error),
    ...(details === undefined ? {} : { details }),
    ...(error instanceof Error ? { cause: error } : {}),
  });
}

function isPermanent(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === false
  );
}
