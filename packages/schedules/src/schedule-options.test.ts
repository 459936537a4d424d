import type { ScheduleDescription } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ScheduleValidationError } from './errors';
import {
  buildScheduleOptions,
  buildScheduleUpdate,
  replaceScheduleUpdate,
  validateScheduleUpdate,
} from './schedule-options';

describe('buildScheduleOptions', () => {
  it('fills in the hourly pipeline defaults', () => {
    expect(buildScheduleOptions()).toEqual({
      scheduleId: 'hackernews-schedule',
      spec: { intervals: [{ every: 3_600_000 }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'HackerNewsWorkflow',
        taskQueue: 'hackernews-task-queue',
        workflowId: 'hackernews-workflow',
        args: [],
      },
      policies: { overlap: 'SKIP', catchupWindow: 600_000, pauseOnFailure: false },
      state: { note: 'Hacker News pipeline (every 1h).' },
    });
  });

  it.each([
    [{ every: '10m' }, 'Hacker News pipeline (every 10m).'],
    [
      { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris', jitter: '5m' },
      'Hacker News pipeline (cron 0 9 * * MON-FRI, in Europe/Paris, jitter 5m).',
    ],
  ])('derives the default note from the timing %j', (timing, note) => {
    expect(buildScheduleOptions(timing).state?.note).toBe(note);
  });

  it('created paused, the note carries a pause reason after the schedule note', () => {
    expect(buildScheduleOptions({ note: 'nightly', paused: true }).state?.note).toMatch(
      /^nightly\nPaused: since \d{4}-\d\d-\d\dT/,
    );
  });

  it('uses the options given', () => {
    const built = buildScheduleOptions<(input: { limit: number }) => Promise<void>>({
      scheduleId: 'nightly',
      cron: '0 3 * * *',
      timezone: 'Europe/Paris',
      overlap: 'BUFFER_ONE',
      catchupWindow: '1h',
      pauseOnFailure: true,
      note: 'nightly run',
      paused: true,
      memo: { team: 'data' },
      workflowType: 'OtherWorkflow',
      taskQueue: 'other',
      workflowId: 'other-run',
      args: [{ limit: 3 }],
    });
    expect(built).toMatchObject({
      scheduleId: 'nightly',
      spec: { cronExpressions: ['0 3 * * *'], timezone: 'Europe/Paris' },
      action: {
        workflowType: 'OtherWorkflow',
        taskQueue: 'other',
        workflowId: 'other-run',
        args: [{ limit: 3 }],
      },
      policies: { overlap: 'BUFFER_ONE', catchupWindow: 3_600_000, pauseOnFailure: true },
      state: { paused: true },
      memo: { team: 'data' },
    });
  });

  it.each([
    [{ scheduleId: ' ' }, 'INVALID_SCHEDULE_ID'],
    [{ overlap: 'sometimes' as never }, 'INVALID_OVERLAP_POLICY'],
    [{ catchupWindow: '5s' }, 'INVALID_DURATION'],
    [{ every: '1h', cron: '0 * * * *' }, 'CONFLICTING_SPEC'],
    [{ jitter: '2h' }, 'JITTER_TOO_LARGE'],
  ])('rejects %j with %s', (options, code) => {
    expect(() => buildScheduleOptions(options)).toThrow(expect.objectContaining({ code }));
  });
});

describe('validateScheduleUpdate', () => {
  it('accepts an empty change and rejects conflicting or invalid ones', () => {
    expect(() => validateScheduleUpdate({})).not.toThrow();
    expect(() => validateScheduleUpdate({ every: '1h', cron: '@hourly' })).toThrow(
      ScheduleValidationError,
    );
    expect(() => validateScheduleUpdate({ every: '10m', jitter: '20m' })).toThrow(
      /larger than the interval/,
    );
    expect(() => validateScheduleUpdate({ timezone: 'Nowhere/Else' })).toThrow(/Unknown time zone/);
  });
});

/** The `state.note` of an update (the SDK types `state` loosely). */
const noteOf = (update: { state?: unknown }) => (update.state as { note?: string }).note;

describe('buildScheduleUpdate', () => {
  const previous = {
    scheduleId: 'hackernews-schedule',
    spec: { intervals: [{ every: 3_600_000, offset: 0 }], calendars: [], jitter: 60_000 },
    action: {
      type: 'startWorkflow',
      workflowType: 'HackerNewsWorkflow',
      taskQueue: 'hackernews-task-queue',
      workflowId: 'hackernews-workflow',
      args: [{ limit: 10, list: 'top' }],
    },
    policies: { overlap: 'SKIP', catchupWindow: 600_000, pauseOnFailure: false },
    state: { paused: true, note: 'incident 42' },
  } as unknown as ScheduleDescription;

  it('keeps what is not given', () => {
    const update = buildScheduleUpdate(previous, {});
    expect(update.spec).toEqual(previous.spec);
    expect(update.action).toEqual(previous.action);
    expect(update.policies).toEqual(previous.policies);
    expect(update.state).toEqual({
      paused: true,
      note: 'incident 42',
      remainingActions: undefined,
    });
  });

  it('replaces the interval by a cron expression', () => {
    const update = buildScheduleUpdate(previous, { cron: '0 * * * *', timezone: 'UTC' });
    expect(update.spec).toMatchObject({
      cronExpressions: ['0 * * * *'],
      intervals: [],
      calendars: [],
      timezone: 'UTC',
    });
  });

  it('changes one field of the workflow input through a function', () => {
    const update = buildScheduleUpdate(previous, {
      args: ([input]) => [{ ...(input as object), limit: 20 }],
    });
    expect(update.action.args).toEqual([{ limit: 20, list: 'top' }]);
  });

  it('checks the jitter against the resulting interval', () => {
    expect(() => buildScheduleUpdate(previous, { every: '30s' })).toThrow(
      expect.objectContaining({ code: 'JITTER_TOO_LARGE' }),
    );
    expect(() => buildScheduleUpdate(previous, { jitter: '2h' })).toThrow(
      expect.objectContaining({ code: 'JITTER_TOO_LARGE' }),
    );
    expect(buildScheduleUpdate(previous, { every: '30s', jitter: '10s' }).spec).toMatchObject({
      intervals: [{ every: 30_000 }],
      jitter: 10_000,
    });
  });

  it('normalises the overlap policy given', () => {
    expect(
      buildScheduleUpdate(previous, { overlap: 'buffer-one' as never }).policies?.overlap,
    ).toBe('BUFFER_ONE');
    expect(() => buildScheduleUpdate(previous, { overlap: 'never' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_OVERLAP_POLICY' }),
    );
  });

  describe('notes', () => {
    const active = {
      ...previous,
      state: { paused: false, note: 'Hacker News pipeline (every 1h).' },
    } as ScheduleDescription;
    const paused = {
      ...previous,
      state: { paused: true, note: 'my note\nPaused: incident 42' },
    } as ScheduleDescription;

    it('keeps the default note in step with the timing', () => {
      expect(noteOf(buildScheduleUpdate(active, { every: '30m' }))).toBe(
        'Hacker News pipeline (every 30m, jitter 1m).',
      );
      expect(noteOf(buildScheduleUpdate(active, { pauseOnFailure: true }))).toBe(
        'Hacker News pipeline (every 1h).',
      );
    });

    it('keeps a note someone wrote, and the pause reason, when the timing changes', () => {
      expect(buildScheduleUpdate(paused, { every: '30m' }).state).toMatchObject({
        paused: true,
        note: 'my note\nPaused: incident 42',
      });
    });

    it('changes the schedule note, keeping the pause reason', () => {
      expect(noteOf(buildScheduleUpdate(paused, { note: 'new note' }))).toBe(
        'new note\nPaused: incident 42',
      );
    });

    it('drops the pause reason when unpaused, adds one when paused', () => {
      expect(buildScheduleUpdate(paused, { paused: false }).state).toMatchObject({
        paused: false,
        note: 'my note',
      });
      expect(noteOf(buildScheduleUpdate(active, { paused: true }))).toMatch(
        /^Hacker News pipeline \(every 1h\)\.\nPaused: since /,
      );
    });
  });

  it('replaces everything but a paused state and its reason on ensure', () => {
    const built = buildScheduleOptions({ every: '15m' });
    expect(replaceScheduleUpdate(previous, built, {}).state).toEqual({
      paused: true,
      note: 'Hacker News pipeline (every 15m).\nPaused: incident 42',
    });
    expect(replaceScheduleUpdate(previous, built, { paused: false }).state).toEqual({
      paused: false,
      note: 'Hacker News pipeline (every 15m).',
    });
    expect(replaceScheduleUpdate(previous, built, {}).spec).toEqual({
      intervals: [{ every: 900_000 }],
    });
  });
});
