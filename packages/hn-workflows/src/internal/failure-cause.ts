import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  isCancellation,
} from '@temporalio/workflow';

/** Longest failure message kept in a result or a failure's details. */
const MAX_MESSAGE_LENGTH = 500;

/** How far down a chain of causes {@link rootCause} looks. */
const MAX_DEPTH = 5;

/**
 * The failure that says what went wrong behind an activity or child-workflow failure: the first
 * `ApplicationFailure` down the chain of causes (a partition run fails with the activity failure
 * that ended it, whose cause is the activity's own), else the innermost error.
 */
export function rootCause(error: unknown): unknown {
  let failure: unknown =
    (error instanceof ActivityFailure || error instanceof ChildWorkflowFailure) && error.cause
      ? error.cause
      : error;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (failure instanceof ApplicationFailure || !(failure instanceof Error) || !failure.cause) {
      break;
    }
    failure = failure.cause;
  }
  return failure;
}

/** The type (`ApplicationFailure.type`, else the error's name) and cut message of a failure. */
export function describeFailure(error: unknown): { type: string; message: string } {
  const failure = rootCause(error);
  const type =
    failure instanceof ApplicationFailure
      ? (failure.type ?? 'ApplicationFailure')
      : failure instanceof Error
        ? failure.name
        : 'Error';
  const message = failure instanceof Error ? failure.message : String(failure);
  return { type, message: message.slice(0, MAX_MESSAGE_LENGTH) };
}

/** Whether `error` is a cancellation, as an `Error` to rethrow once the work in flight settled. */
export function cancellationOf(error: unknown): Error | undefined {
  if (!isCancellation(error)) return undefined;
  return error instanceof Error ? error : new Error(String(error));
}
