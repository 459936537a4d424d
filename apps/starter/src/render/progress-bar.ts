import type { Progress } from '@hn/contract';

/** One line showing a run's progress, e.g. `fetching [#####-----] 250/500 (3 skipped)`. */
export function progressLine(progress: Progress, width: number): string {
  const counts = `${progress.fetched}/${progress.total || '?'}${progress.skipped ? ` (${progress.skipped} skipped)` : ''}`;
  const barWidth = Math.max(10, Math.min(40, width - counts.length - progress.phase.length - 6));
  const done = progress.total ? Math.round((progress.fetched / progress.total) * barWidth) : 0;
  return `${progress.phase.padEnd(9)} [${'#'.repeat(done)}${'-'.repeat(barWidth - done)}] ${counts}`;
}
