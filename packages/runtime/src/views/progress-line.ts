import { fit } from '../terminal/text';
import type { Progress } from '@hn/contract';

/**
 * One line showing a run's progress, e.g. `fetching  [#####-----] 250/500 (3 skipped)`, at most
 * `width` columns. The phase comes from the workflow's query and is sanitised like any text from
 * outside.
 */
export function progressLine(progress: Progress, width: number): string {
  const phase = fit(String(progress.phase), 12).padEnd(9);
  const counts = `${progress.fetched}/${progress.total || '?'}${progress.skipped ? ` (${progress.skipped} skipped)` : ''}`;
  const barWidth = Math.max(10, Math.min(40, width - counts.length - phase.length - 4));
  const done = progress.total
    ? Math.min(barWidth, Math.round((progress.fetched / progress.total) * barWidth))
    : 0;
  return fit(`${phase} [${'#'.repeat(done)}${'-'.repeat(barWidth - done)}] ${counts}`, width);
}
