import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { backfillSchedule } from './backfill';
import { ensureSchedule } from './ensure-schedule';
import { ScheduleValidationError } from './errors';
import { listSchedules, triggerSchedule } from './schedule-operations';
import { updateSchedule } from './update-schedule';

/** A client whose every schedule method records that it was called. */
function recordingClient() {
  const calls: string[] = [];
  const record = (name: string) => () => {
    calls.push(name);
    return Promise.reject(new Error(`unexpected call to ${name}`));
  };
  const client = {
    schedule: {
      create: record('create'),
      list: record('list'),
      getHandle: () => {
        calls.push('getHandle');
        return {
          describe: record('describe'),
          update: record('update'),
          backfill: record('backfill'),
          trigger: record('trigger'),
        };
      },
    },
  } as unknown as Pick<Client, 'schedule'>;
  return { client, calls };
}

describe('validation happens before any server call', () => {
  it.each([
    [
      'ensureSchedule',
      (c: Pick<Client, 'schedule'>) => ensureSchedule(c, { every: '0s' }),
      { code: 'INVALID_DURATION', field: 'every' },
      "Invalid every '0s': it must be at least 1s.",
    ],
    [
      'updateSchedule',
      (c: Pick<Client, 'schedule'>) => updateSchedule(c, { cron: '* *' }),
      { code: 'INVALID_CRON', field: 'cron' },
      "Invalid cron expression '* *': expected 5 fields (minute hour day-of-month month day-of-week), 6 (plus year) or 7 (second first), got 2. Example: '0 * * * *' runs at the top of every hour.",
    ],
    [
      'backfillSchedule',
      (c: Pick<Client, 'schedule'>) =>
        backfillSchedule(c, { start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z' }),
      { code: 'INVALID_BACKFILL_RANGE', field: 'end' },
      'The backfill ends (2025-01-01T00:00:00.000Z) before it starts (2025-01-02T00:00:00.000Z): give an end after the start.',
    ],
    [
      'triggerSchedule',
      (c: Pick<Client, 'schedule'>) => triggerSchedule(c, { overlap: 'NOW' as never }),
      { code: 'INVALID_OVERLAP_POLICY', field: 'overlap' },
      "Invalid overlap policy 'NOW': expected one of SKIP, BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER, TERMINATE_OTHER, ALLOW_ALL.",
    ],
    [
      'listSchedules',
      (c: Pick<Client, 'schedule'>) => listSchedules(c, { limit: 0 }),
      { code: 'INVALID_LIMIT', field: 'limit' },
      "Invalid limit '0': expected a positive integer.",
    ],
  ])('%s', async (_, run, fields, message) => {
    const { client, calls } = recordingClient();
    const error = await run(client).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScheduleValidationError);
    expect(error).toMatchObject(fields);
    expect((error as Error).message).toBe(message);
    expect(calls.filter((c) => c !== 'getHandle')).toEqual([]);
  });
});
