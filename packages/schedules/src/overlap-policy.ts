import type { ScheduleOverlapPolicy } from '@temporalio/client';
import { ScheduleValidationError } from './errors';

/** The overlap policies a schedule accepts (the SDK's, without the deprecated `UNSPECIFIED`). */
export type OverlapPolicy = Exclude<ScheduleOverlapPolicy, undefined>;

/** Every {@link OverlapPolicy}, for help texts and validation. */
export const OVERLAP_POLICIES: readonly OverlapPolicy[] = [
  'SKIP',
  'BUFFER_ONE',
  'BUFFER_ALL',
  'CANCEL_OTHER',
  'TERMINATE_OTHER',
  'ALLOW_ALL',
];

/**
 * Parses an overlap policy, case-insensitively and with `-` or `_`: `skip`, `buffer-one`,
 * `BUFFER_ALL`.
 *
 * @throws ScheduleValidationError `INVALID_OVERLAP_POLICY` for anything else.
 */
export function parseOverlapPolicy(input: string, field = 'overlap'): OverlapPolicy {
  const normalized = input.trim().toUpperCase().replace(/-/g, '_');
  const policy = OVERLAP_POLICIES.find((p) => p === normalized);
  if (!policy) {
    throw new ScheduleValidationError(
      'INVALID_OVERLAP_POLICY',
      field,
      `Invalid ${field} policy '${input}': expected one of ${OVERLAP_POLICIES.join(', ')}.`,
    );
  }
  return policy;
}
