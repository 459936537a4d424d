import { renderTable } from '../terminal/table';

/** What the schedule list shows of a schedule: `@hn/schedules`' `ScheduleListItemView` is one. */
export interface ScheduleListEntry {
  scheduleId: string;
  paused: boolean;
  spec?: { text: string };
  nextActionTimes: readonly string[];
  workflowType?: string;
}

/** Listed schedules as a table fitted to `width`, one per line: id, state, timing, next run, workflow. */
export function scheduleListTable(
  items: readonly ScheduleListEntry[],
  width = Number.POSITIVE_INFINITY,
): string {
  if (items.length === 0) return 'No schedules.';
  const rows = items.map((item) => [
    item.scheduleId,
    item.paused ? 'paused' : 'active',
    item.spec?.text ?? '',
    item.nextActionTimes[0] ?? '',
    item.workflowType ?? '',
  ]);
  const columns = [
    { header: 'SCHEDULE', minWidth: 12 },
    { header: 'STATE' },
    { header: 'RUNS', minWidth: 10 },
    { header: 'NEXT RUN' },
    { header: 'WORKFLOW', minWidth: 10 },
  ];
  return renderTable(columns, rows, { width }).join('\n');
}
