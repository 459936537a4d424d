import { renderTable } from '@hn/runtime';
import type { ScheduleListItemView } from '@hn/schedules';

/** Listed schedules as a table fitted to `width`, one per line. */
export function formatScheduleList(
  items: readonly ScheduleListItemView[],
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
