import { FAILURE_TYPES } from '@hn/contract';
import { ApplicationFailure } from '@temporalio/workflow';

/** A problem found in a workflow's input: a sentence, or one naming its field. */
export type InputProblem = string | { field: string; message: string };

/**
 * Fails a workflow whose input has problems: a non-retryable `InvalidInput` listing every
 * problem (also as the failure's details), thrown before anything is fetched or stored. Returns
 * when there is no problem.
 */
export function refuseInvalidInput(workflowType: string, problems: readonly InputProblem[]): void {
  if (problems.length === 0) return;
  const text = problems.map((problem) =>
    typeof problem === 'string' ? problem : `${problem.field}: ${problem.message}`,
  );
  throw ApplicationFailure.create({
    type: FAILURE_TYPES.invalidInput,
    nonRetryable: true,
    message: `Invalid ${workflowType} input: ${text.join('; ')}`,
    details: [...problems],
  });
}
