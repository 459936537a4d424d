import { ITEM_TYPES, detailsText, type IngestProgress } from '@hn/contract';

/**
 * The ingest's live progress as the workflow's current details (Temporal Markdown), which the
 * Web UI shows on the run's page and `temporal workflow describe` prints, e.g.
 *
 * ```text
 * **ingesting** ids 1..3000 (window 2026-11-30T13:00:00.000Z/2026-11-30T14:00:00.000Z)
 * 1500 of 3000 ids done (50%): 1400 items, 90 missing, 10 invalid
 * by type: story 120, comment 1260, job 8, poll 2, pollopt 10
 * 4 chunks in flight, 300 ids/s, continued as new 0 times
 * ```
 */
export function ingestDetails(progress: IngestProgress): string {
  const { phase, window, fromId, toId, total, done, counts } = progress;
  const range =
    fromId === null || toId === null ? 'ids not resolved yet' : `ids ${fromId}..${toId}`;
  const scope = window ? ` (window ${window.start}/${window.end})` : '';
  const percent = total > 0 ? ` (${Math.floor((done * 100) / total)}%)` : '';
  const byType = ITEM_TYPES.filter((type) => counts.byType[type] > 0)
    .map((type) => `${type} ${counts.byType[type]}`)
    .join(', ');
  return detailsText(
    [
      `**${phase}** ${range}${scope}`,
      `${done} of ${total} ids done${percent}: ${counts.items} items, ${counts.missing} missing, ${counts.invalid} invalid`,
      ...(byType === '' ? [] : [`by type: ${byType}`]),
      `${progress.activitiesInFlight} chunks in flight, ${progress.itemsPerSecond} ids/s, continued as new ${progress.continuedAsNew} times`,
    ].join('\n'),
  );
}
