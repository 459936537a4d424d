import type { RetryPolicy } from '@temporalio/workflow';

/**
 * The default retry policy: backoff from 1 s doubling to at most 30 s, 8 attempts, so about
 * 90 s of outage is ridden out and a longer one ends the activity instead of retrying forever.
 * Failures marked non-retryable (bad input, a 404, an invalid payload) are never retried.
 */
export const BOUNDED_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 8,
};

/**
 * The tutorial's policy, Temporal's default: unlimited attempts (no `maximumAttempts`), backoff
 * capped at 100 s.
 */
export const FOREVER_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '100 seconds',
};
