import type { HackerNewsReport } from '@hn/contract';
import { storiesTable } from './stories-table';
import { wordBars } from './word-bars';

/**
 * The text of a pipeline run's report: the stories as a table, the top title words as bars (at
 * most 80 columns), the skipped stories counted by reason, and the run's ids.
 */
export function reportSummary(
  report: HackerNewsReport,
  ids: { workflowId: string; runId: string },
  width: number,
): string {
  const out = [storiesTable(report.stories, width)];
  if (report.topWords.length > 0) {
    out.push('', 'Top words in titles', wordBars(report.topWords, Math.min(width, 80)));
  }
  if (report.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const item of report.skipped) {
      reasons.set(item.reason, (reasons.get(item.reason) ?? 0) + 1);
    }
    out.push(
      '',
      `Skipped ${report.skipped.length}: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}`,
    );
  }
  out.push(
    '',
    `Workflow ${ids.workflowId} run ${ids.runId}${report.stored ? ', stored' : ', not stored'}`,
  );
  return out.join('\n');
}
