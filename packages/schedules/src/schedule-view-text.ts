import { formatDuration } from './duration';
import type { ScheduleView } from './schedule-view';

/**
 * A schedule's description as aligned text lines: state, notes, timing, workflow, input,
 * policies, actions, next and recent runs. Sanitise it for a terminal when writing it (the
 * notes and input are anyone's text).
 *
 * ```ts
 * console.log(formatScheduleView(toScheduleView(await describeSchedule(client, { scheduleId }))));
 * ```
 */
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
