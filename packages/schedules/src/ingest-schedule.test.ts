import { describe, expect, it } from 'vitest';
import { buildIngestScheduleOptions, ScheduleValidationError } from './index';

describe('buildIngestScheduleOptions', () => {
  it('starts HackerNewsIngestWorkflow hourly with no arguments, buffering every partition', () => {
    const built = buildIngestScheduleOptions();
    expect(built.scheduleId).toBe('hackernews-ingest');
    expect(built.spec.intervals).toEqual([{ every: 3_600_000 }]);
    expect(built.action).toEqual({
      type: 'startWorkflow',
      workflowType: 'HackerNewsIngestWorkflow',
      taskQueue: 'hackernews-task-queue',
      workflowId: 'hackernews-ingest',
      args: [],
      priority: { priorityKey: 2 },
      staticSummary: 'HN ingest: the 1h partition ending at each scheduled time',
    });
    expect(built.policies).toEqual({
      overlap: 'BUFFER_ALL',
      catchupWindow: 86_400_000,
      pauseOnFailure: false,
    });
    expect(built.state?.note).toBe(
      'Hacker News item ingest: each run ingests the hour ending at its scheduled time.',
    );
  });

  it('takes the timing and policies given, and rejects bad ones before any call', () => {
    const built = buildIngestScheduleOptions({
      cron: '0 * * * *',
      catchupWindow: '6h',
      paused: true,
    });
    expect(built.spec.intervals).toBeUndefined();
    expect(built.spec.cronExpressions).toEqual(['0 * * * *']);
    expect(built.policies?.catchupWindow).toBe(21_600_000);
    expect(built.state?.paused).toBe(true);
    expect(() => buildIngestScheduleOptions({ catchupWindow: '1s' })).toThrow(
      ScheduleValidationError,
    );
  });

  it('gives each run a partition of one interval, so runs neither overlap nor leave gaps', () => {
    const every15m = buildIngestScheduleOptions({ every: '15m' });
    expect(every15m.spec.intervals).toEqual([{ every: 900_000 }]);
    expect(every15m.action.args).toEqual([{ partition: '15m' }]);
    expect(every15m.action.staticSummary).toBe(
      'HN ingest: the 15m partition ending at each scheduled time',
    );
    expect(every15m.state?.note).toBe(
      'Hacker News item ingest: each run ingests the 15m ending at its scheduled time.',
    );
    expect(buildIngestScheduleOptions({ every: '90m' }).action.args).toEqual([
      { partition: '90m' },
    ]);
    expect(buildIngestScheduleOptions({ every: '1h' }).action.args).toEqual([]);
    expect(
      buildIngestScheduleOptions({ cron: '*/10 * * * *', partition: '10m' }).action.args,
    ).toEqual([{ partition: '10m' }]);
    expect(buildIngestScheduleOptions({ cron: '0 * * * *' }).action.args).toEqual([]);
    expect(buildIngestScheduleOptions({ partition: '3600s' }).action.args).toEqual([]);
  });

  it('rejects a partition, or an interval taken as one, that no run could ingest', () => {
    expect(() => buildIngestScheduleOptions({ partition: '90x' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_DURATION',
        field: 'partition',
        message:
          'partition must be a duration such as 30s, 10m, 6h, 1d or 1h30m, from 1s to 31d in whole seconds, got "90x".',
      }),
    );
    // Every minute, two days: each run would ingest again what the runs before it stored.
    expect(() => buildIngestScheduleOptions({ every: '1m', partition: '2d' })).toThrow(
      /^partition \(2d\) is longer than the interval \(1m\)/,
    );
    expect(() => buildIngestScheduleOptions({ every: '1m', partition: '2d' })).toThrow(
      expect.objectContaining({ code: 'PARTITION_EXCEEDS_INTERVAL', field: 'partition' }),
    );
    expect(() => buildIngestScheduleOptions({ partition: '2h' })).toThrow(
      expect.objectContaining({ code: 'PARTITION_EXCEEDS_INTERVAL' }),
    );
    expect(buildIngestScheduleOptions({ every: '1h', partition: '1h' }).action.args).toEqual([]);
    expect(() => buildIngestScheduleOptions({ every: '32d' })).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION', field: 'every' }),
    );
    expect(() => buildIngestScheduleOptions({ every: 1500 })).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION', field: 'every' }),
    );
  });

  it('makes a given summary one safe, bounded line, and keeps details multi-line', () => {
    const built = buildIngestScheduleOptions({
      staticSummary: `  ingest\n\u202eevil\u0007 ${'x'.repeat(300)}`,
      staticDetails: '**partitions**\nhourly\u0000',
    });
    expect(built.action.staticSummary).toMatch(/^ingest evil x+…$/);
    expect([...(built.action.staticSummary ?? '')]).toHaveLength(200);
    expect(built.action.staticDetails).toBe('**partitions**\nhourly');
    expect(buildIngestScheduleOptions({ staticSummary: '\n\t' }).action).not.toHaveProperty(
      'staticSummary',
    );
  });
});
