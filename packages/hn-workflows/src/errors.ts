/**
 * `ApplicationFailure.type` values the workflow fails with. Match failures by these strings,
 * never with `instanceof`, across the workflow boundary.
 */
export const WORKFLOW_FAILURE_TYPES = {
  /** The input was rejected before anything was fetched. Non-retryable. */
  invalidInput: 'InvalidInput',
  /** Every story of the run failed to fetch after the retry policy gave up. */
  unavailable: 'HackerNewsUnavailable',
} as const;
