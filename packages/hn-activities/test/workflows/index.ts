import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  type RetryPolicy,
} from '@temporalio/workflow';
import type { HackerNewsActivities } from '../../src';

/** One activity call with the options a workflow would give it. */
export interface ActivityCall {
  activity: keyof HackerNewsActivities;
  input: unknown;
  retry: RetryPolicy;
  /** Milliseconds. */
  startToCloseTimeout: number;
  /** Milliseconds; none by default. */
  heartbeatTimeout?: number;
}

/** What the call ended with, and the workflow clock around it. */
export interface ActivityCallOutcome {
  result?: unknown;
  failure?: {
    /** `ApplicationFailure.type` of the activity's last failure. */
    type: string | undefined;
    message: string;
    nonRetryable: boolean;
    details: unknown[];
    /** Why Temporal stopped retrying (`RetryState` name). */
    retryState: string;
  };
  /** Workflow time when the call was made and when it ended: the time the server skipped. */
  startedAtMs: number;
  endedAtMs: number;
}

/**
 * Calls one of the real activities under Temporal's retry policy and reports how it ended, so a
 * test sees exactly what a workflow would: the result, or the failure after the retries.
 */
export async function callActivity(call: ActivityCall): Promise<ActivityCallOutcome> {
  const activities = proxyActivities<HackerNewsActivities>({
    retry: call.retry,
    startToCloseTimeout: call.startToCloseTimeout,
    ...(call.heartbeatTimeout === undefined ? {} : { heartbeatTimeout: call.heartbeatTimeout }),
  });
  const run = activities[call.activity] as (input: unknown) => Promise<unknown>;
  const startedAtMs = Date.now();
  try {
    const result = await run(call.input);
    return { result, startedAtMs, endedAtMs: Date.now() };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause;
    return {
      failure: {
        type: cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined,
        message: cause?.message ?? error.message,
        nonRetryable: cause instanceof ApplicationFailure && cause.nonRetryable === true,
        details: cause instanceof ApplicationFailure ? [...(cause.details ?? [])] : [],
        retryState: String(error.retryState),
      },
      startedAtMs,
      endedAtMs: Date.now(),
    };
  }
}
