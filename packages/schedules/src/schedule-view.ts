import type {
  CalendarSpecDescription,
  Range,
  ScheduleDescription,
  ScheduleExecutionResult,
  ScheduleSpecDescription,
  ScheduleSummary,
} from '@temporalio/client';
import { formatDuration } from './duration';
import { splitScheduleNote } from './schedule-note';

/** A run the schedule started. */
export interface ScheduleRunView {
  workflowId: string;
  /** Run id of the first execution of that run. */
  runId: string;
  /** ISO-8601; when the run was due (jitter included). Absent for running actions. */
  scheduledAt?: string;
  /** ISO-8601; when it was started. */
  takenAt?: string;
}

/** When a schedule runs, in plain data. */
export interface ScheduleSpecView {
  /** Human-readable: `'every 1h'`, `'cron 0 * * * * (Europe/Paris)'`. */
  text: string;
  /** Interval in milliseconds, when the schedule uses one. */
  everyMs?: number;
  /** Cron-like rendering of each calendar (the server stores cron expressions as calendars). */
  calendars?: string[];
  timezone?: string;
  jitterMs?: number;
}

/** A schedule's description as plain, JSON-safe data (dates as ISO-8601 text). */
export interface ScheduleView {
  scheduleId: string;
  paused: boolean;
  /** The schedule's own note. */
  note?: string;
  /** Why it is paused, while paused. */
  pauseNote?: string;
  spec: ScheduleSpecView;
  policies: { overlap: string; catchupWindowMs: number; pauseOnFailure: boolean };
  action: { workflowType: string; taskQueue: string; workflowId: string; args: unknown[] };
  numActionsTaken: number;
  numActionsSkippedOverlap: number;
  numActionsMissedCatchupWindow: number;
  createdAt: string;
  lastUpdatedAt?: string;
  nextActionTimes: string[];
  recentActions: ScheduleRunView[];
  runningActions: ScheduleRunView[];
}

/** A listed schedule as plain, JSON-safe data. */
export interface ScheduleListItemView {
  scheduleId: string;
  paused: boolean;
  /** The schedule's own note. */
  note?: string;
  /** Why it is paused, while paused. */
  pauseNote?: string;
  workflowType?: string;
  spec?: ScheduleSpecView;
  nextActionTimes: string[];
  recentActions: ScheduleRunView[];
}

/** Turns `describeSchedule`'s result into a {@link ScheduleView}. Pure. */
export function toScheduleView(description: ScheduleDescription): ScheduleView {
  const { action, info, policies, state } = description;
  return {
    scheduleId: description.scheduleId,
    paused: state.paused,
    ...notesView(state.note, state.paused),
    spec: toSpecView(description.spec),
    policies: {
      overlap: policies.overlap ?? 'SKIP',
      catchupWindowMs: policies.catchupWindow,
      pauseOnFailure: policies.pauseOnFailure,
    },
    action: {
      workflowType: action.workflowType,
      taskQueue: action.taskQueue,
      workflowId: action.workflowId,
      args: [...((action.args as readonly unknown[] | undefined) ?? [])],
    },
    numActionsTaken: info.numActionsTaken,
    numActionsSkippedOverlap: info.numActionsSkippedOverlap,
    numActionsMissedCatchupWindow: info.numActionsMissedCatchupWindow,
    createdAt: info.createdAt.toISOString(),
    ...(info.lastUpdatedAt && { lastUpdatedAt: info.lastUpdatedAt.toISOString() }),
    nextActionTimes: info.nextActionTimes.map((d) => d.toISOString()),
    recentActions: info.recentActions.map(toRunView),
    runningActions: info.runningActions.map((a) => ({
      workflowId: a.workflow.workflowId,
      runId: a.workflow.firstExecutionRunId,
    })),
  };
}

/** Turns one `listSchedules` entry into a {@link ScheduleListItemView}. Pure. */
export function toScheduleListItemView(summary: ScheduleSummary): ScheduleListItemView {
  return {
    scheduleId: summary.scheduleId,
    paused: summary.state.paused,
    ...notesView(summary.state.note, summary.state.paused),
    ...(summary.action && { workflowType: summary.action.workflowType }),
    ...(summary.spec && { spec: toSpecView(summary.spec) }),
    nextActionTimes: summary.info.nextActionTimes.map((d) => d.toISOString()),
    recentActions: summary.info.recentActions.map(toRunView),
  };
}

/** Describes a schedule spec in plain data and one line of text. Pure. */
export function toSpecView(spec: ScheduleSpecDescription): ScheduleSpecView {
  const parts: string[] = [];
  const view: ScheduleSpecView = { text: '' };
  const interval = spec.intervals?.[0];
  if (interval) {
    view.everyMs = interval.every;
    parts.push(
      `every ${formatDuration(interval.every)}` +
        (interval.offset ? ` (offset ${formatDuration(interval.offset)})` : ''),
    );
  }
  if (spec.calendars?.length) {
    view.calendars = spec.calendars.map(formatCalendar);
    parts.push(...view.calendars.map((c) => `cron ${c}`));
  }
  if (parts.length === 0) parts.push('no times');
  if (spec.timezone) {
    view.timezone = spec.timezone;
    parts.push(`in ${spec.timezone}`);
  }
  if (spec.jitter) {
    view.jitterMs = spec.jitter;
    parts.push(`jitter ${formatDuration(spec.jitter)}`);
  }
  view.text = parts.join(', ');
  return view;
}

/**
 * Renders a calendar as a cron expression: 5 fields when it fires at second 0 of any year
 * (`0 * * * *`), else 7 fields (second first, year last). Pure.
 */
export function formatCalendar(calendar: CalendarSpecDescription): string {
  const second = formatRanges(calendar.second, 0, 59);
  const year = formatRanges(calendar.year, 0, Number.MAX_SAFE_INTEGER);
  const five = [
    formatRanges(calendar.minute, 0, 59),
    formatRanges(calendar.hour, 0, 23),
    formatRanges(calendar.dayOfMonth, 1, 31),
    formatRanges(calendar.month.map(monthToNumber), 1, 12),
    formatRanges(calendar.dayOfWeek.map(dayToNumber), 0, 6),
  ];
  return second === '0' && year === '*' ? five.join(' ') : [second, ...five, year].join(' ');
}

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
];
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

function monthToNumber(range: Range<string>): Range<number> {
  return {
    start: MONTHS.indexOf(range.start) + 1,
    end: MONTHS.indexOf(range.end) + 1,
    step: range.step,
  };
}

function dayToNumber(range: Range<string>): Range<number> {
  return { start: DAYS.indexOf(range.start), end: DAYS.indexOf(range.end), step: range.step };
}

function formatRanges(ranges: Range<number>[] | undefined, min: number, max: number): string {
  if (!ranges || ranges.length === 0) return '*';
  return ranges
    .map(({ start, end, step }) => {
      const last = Math.max(end, start);
      const stepText = step > 1 ? `/${step}` : '';
      if (start <= min && last >= max) return `*${stepText}`;
      if (last === start) return `${start}`;
      return `${start}-${last}${stepText}`;
    })
    .join(',');
}

function notesView(stateNote: string | undefined, paused: boolean) {
  const { note, pauseNote } = splitScheduleNote(stateNote, paused);
  return { ...(note && { note }), ...(pauseNote !== undefined && { pauseNote }) };
}

function toRunView(result: ScheduleExecutionResult): ScheduleRunView {
  return {
    workflowId: result.action.workflow.workflowId,
    runId: result.action.workflow.firstExecutionRunId,
    scheduledAt: result.scheduledAt.toISOString(),
    takenAt: result.takenAt.toISOString(),
  };
}
