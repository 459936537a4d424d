import { describe, expect, it } from 'vitest';
import { SCHEDULE_DEFAULTS } from './constants';
import { ScheduleValidationError } from './errors';
import { INGEST_SCHEDULE_DEFAULTS } from './ingest-schedule';
import { OVERLAP_POLICIES, parseOverlapPolicy } from './overlap-policy';
import { formatScheduleView } from './schedule-view-text';
import type { ScheduleView } from './schedule-view';
import {
  checkScheduledInput,
  INGEST_SCHEDULE_SETTINGS,
  mergeScheduledInput,
  SCHEDULE_SETTINGS,
  scheduledInputFrom,
  scheduleSettingsFrom,
} from './settings-from-text';

describe('scheduleSettingsFrom', () => {
  it('keeps only the settings given, the overlap policy parsed', () => {
    expect(scheduleSettingsFrom({ every: '30m', overlap: 'buffer-one', note: 'n' })).toEqual({
      every: '30m',
      overlap: 'BUFFER_ONE',
      note: 'n',
    });
    expect(scheduleSettingsFrom({})).toEqual({});
  });

  it('refuses an unknown overlap policy, naming the flag', () => {
    expect(() => scheduleSettingsFrom({ overlap: 'never' }, '--overlap')).toThrow(
      expect.objectContaining({ code: 'INVALID_OVERLAP_POLICY' }) as Error,
    );
  });
});

describe('SCHEDULE_SETTINGS', () => {
  it('shows the defaults each kind of schedule is created with', () => {
    for (const [table, defaults] of [
      [SCHEDULE_SETTINGS, SCHEDULE_DEFAULTS],
      [INGEST_SCHEDULE_SETTINGS, INGEST_SCHEDULE_DEFAULTS],
    ] as const) {
      expect(table.every.default).toBe(defaults.every);
      expect(table.catchupWindow.default).toBe(defaults.catchupWindow);
      expect(parseOverlapPolicy(table.overlap.default)).toBe(defaults.overlap);
    }
    expect(SCHEDULE_SETTINGS.overlap.default).toBe('skip');
    expect(INGEST_SCHEDULE_SETTINGS.overlap.default).toBe('buffer-all');
  });

  it('offers every overlap policy in words scheduleSettingsFrom takes back', () => {
    const parsed = SCHEDULE_SETTINGS.overlap.choices.map(
      (overlap) => scheduleSettingsFrom({ overlap }).overlap,
    );
    expect(parsed).toEqual(OVERLAP_POLICIES);
  });

  it('has a row for each setting scheduleSettingsFrom reads', () => {
    const text = Object.fromEntries(Object.keys(SCHEDULE_SETTINGS).map((k) => [k, 'skip']));
    expect(Object.keys(scheduleSettingsFrom(text))).toEqual(Object.keys(SCHEDULE_SETTINGS));
  });

  it('passes the switches on as given, and leaves them out when not', () => {
    expect(scheduleSettingsFrom({ pauseOnFailure: false, paused: true })).toEqual({
      pauseOnFailure: false,
      paused: true,
    });
    expect(scheduleSettingsFrom({ every: '1h' })).not.toHaveProperty('pauseOnFailure');
  });
});

describe('scheduled input', () => {
  it('takes the fields given and checks them with the workflow rules', () => {
    expect(scheduledInputFrom({ limit: 5, list: 'new' })).toEqual({ limit: 5, list: 'new' });
    expect(() => scheduledInputFrom({ limit: 0 })).toThrow(ScheduleValidationError);
    expect(() => checkScheduledInput({ list: 'hot' })).toThrow(
      /^Invalid workflow input: list must be one of top/,
    );
  });

  it('merges into the schedule input, keeping the other fields, and refuses extra arguments', () => {
    const merge = mergeScheduledInput('s-1', { limit: 5 });
    expect(merge([{ list: 'best', limit: 1 }])).toEqual([{ list: 'best', limit: 5 }]);
    expect(merge([])).toEqual([{ limit: 5 }]);
    expect(() => merge([{}, 'extra'])).toThrow(
      "Schedule 's-1' starts its workflow with 2 arguments; HackerNewsWorkflow takes one",
    );
    expect(() => mergeScheduledInput('s-1', { output: 'x' as never })([{}])).toThrow(
      expect.objectContaining({ code: 'INVALID_WORKFLOW_INPUT', field: 'args' }) as Error,
    );
  });
});

describe('formatScheduleView', () => {
  it('describes a schedule in aligned lines, recent runs last', () => {
    const view: ScheduleView = {
      scheduleId: 'hackernews-schedule',
      paused: true,
      note: 'Hacker News pipeline (every 1h).',
      pauseNote: 'maintenance',
      spec: { text: 'every 1h' },
      policies: { overlap: 'SKIP', catchupWindowMs: 600_000, pauseOnFailure: false },
      action: {
        workflowType: 'HackerNewsWorkflow',
        taskQueue: 'q',
        workflowId: 'hackernews-workflow',
        args: [{ output: 'report' }],
      },
      numActionsTaken: 2,
      numActionsSkippedOverlap: 1,
      numActionsMissedCatchupWindow: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      nextActionTimes: ['2026-01-01T01:00:00.000Z'],
      recentActions: [{ workflowId: 'w-1', runId: 'r-1', takenAt: '2026-01-01T00:00:00.000Z' }],
      runningActions: [],
    };
    expect(formatScheduleView(view).split('\n')).toEqual([
      'Schedule   hackernews-schedule (paused)',
      'Note       Hacker News pipeline (every 1h).',
      'Paused     maintenance',
      'Runs       every 1h',
      'Workflow   HackerNewsWorkflow on task queue q, ids hackernews-workflow-<time>',
      'Input      {"output":"report"}',
      'Policies   overlap SKIP, catch-up window 10m, pause on failure no',
      'Actions    2 taken, 1 skipped (overlap), 0 missed (catch-up window)',
      'Next runs  2026-01-01T01:00:00.000Z',
      'Recent runs',
      '  2026-01-01T00:00:00.000Z  w-1  r-1',
    ]);
  });
});
