/**
 * Defaults for an hourly data pipeline, applied by {@link buildScheduleOptions} when an option
 * is omitted.
 *
 * - `every`: one run per hour.
 * - `overlap`: `SKIP`, so a slow run never has a second one stacked on top of it.
 * - `catchupWindow`: 10 minutes. After a server outage, missed runs less than 10 minutes late
 *   still start; older ones are dropped rather than replayed in a burst (the SDK's default is
 *   one year). Use a backfill to take them deliberately.
 * - `pauseOnFailure`: false. The next hourly run is the retry; a failed run does not stop the
 *   schedule. Set it to true when a failure needs a person to look before more runs start.
 *
 * The default note is derived from the timing: see `defaultScheduleNote`.
 */
export const SCHEDULE_DEFAULTS = {
  every: '1h',
  overlap: 'SKIP',
  catchupWindow: '10m',
  pauseOnFailure: false,
} as const;
