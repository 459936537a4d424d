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
    ['ensureSchedule', (c: Pick<Client, 'schedule'>) => ensureSchedule(c, { every: '0s' })],
    ['updateSchedule', (c: Pick<Client, 'schedule'>) => updateSchedule(c, { cron: '* *' })],
    [
      'backfillSchedule',
      (c: Pick<Client, 'schedule'>) =>
        backfillSchedule(c, { start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z' }),
    ],
    [
      'triggerSchedule',
      (c: Pick<Client, 'schedule'>) => triggerSchedule(c, { overlap: 'NOW' as never }),
    ],
    ['listSchedules', (c: Pick<Client, 'schedule'>) => listSchedules(c, { limit: 0 })],
  ])('%s', async (_, run) => {
    const { client, calls } = recordingClient();
    await expect(run(client)).rejects.toBeInstanceOf(ScheduleValidationError);
    expect(calls.filter((c) => c !== 'getHandle')).toEqual([]);
  });
});
