import { renderTable } from '@hn/runtime';
import { formatDuration, type ScheduleListItemView, type ScheduleView } from '@hn/schedules';

/** A schedule's description as aligned text lines (sanitised when written). */
export function formatScheduleView(view: ScheduleView): string {
  const lines = [
    `Schedule   ${view.scheduleId} (${view.paused ? 'paused' : 'active'})`,
    ...(view.note ? [`Note       ${view.note}`] : []),
    ...(view.pauseNote !== undefined ? [`Paused     ${view.pauseNote}`] : []),
    `Runs       ${view.spec.text}`,
    `Workflow   ${view.action.workflowType} on task queue ${view.action.taskQueue}, ids ${view.action.workflowId}-<time>`,
    `Input      ${view.action.args.map((a) => JSON.stringify(a)).join(', ') || '(none)'}`,
    `Policies   overlap ${view.policies.overlap}, catch-up window ${formatDuration(view.policies.catchupWindowMs)}, ` +
      `pause on failure ${view.policies.pauseOnFailure ? 'yes' : 'no'}`,
    `Actions    ${view.numActionsTaken} taken, ${view.numActionsSkippedOverlap} skipped (overlap), ` +
      `${view.numActionsMissedCatchupWindow} missed (catch-up window)`,
    `Next runs  ${view.nextActionTimes.slice(0, 3).join(', ') || '(none)'}`,
  ];
  if (view.runningActions.length > 0) {
    lines.push(`Running    ${view.runningActions.map((r) => r.workflowId).join(', ')}`);
  }
  if (view.recentActions.length > 0) {
    lines.push('Recent runs');
    for (const run of view.recentActions.slice(-5)) {
      lines.push(`  ${run.takenAt ?? ''}  ${run.workflowId}  ${run.runId}`);
    }
  }
  return lines.join('\n');
}

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
