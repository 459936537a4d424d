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
