import type { IngestTarget } from './ingest-input';

/**
 * Longest static summary the pipeline sets on a run or a Schedule action, in characters: the Web
 * UI shows it on one line in its lists.
 */
export const MAX_SUMMARY_LENGTH = 200;

/** Longest static details (Markdown) the pipeline sets, in characters. */
export const MAX_DETAILS_LENGTH = 2_000;

// C0 and C1 controls, DEL, bidirectional overrides and line/paragraph separators: nothing that
// can break a one-line list entry or disguise the text around it.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

/**
 * `text` made safe to show as a one-line summary in Temporal's Web UI and CLI: control
 * characters, line breaks and bidirectional overrides become spaces, runs of spaces one, and the
 * result is cut to `maxLength` code points (default {@link MAX_SUMMARY_LENGTH}), ending in `…`
 * when cut. An empty result stays empty.
 */
export function summaryText(text: string, maxLength = MAX_SUMMARY_LENGTH): string {
  const oneLine = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const points = [...oneLine];
  if (points.length <= maxLength) return oneLine;
  return `${points
    .slice(0, Math.max(0, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}

/**
 * `text` made safe as multi-line static details: line breaks are kept (as `\n`), other control
 * characters and bidirectional overrides become spaces, and it is cut to `maxLength` code points
 * (default {@link MAX_DETAILS_LENGTH}), ending in `…` when cut.
 */
export function detailsText(text: string, maxLength = MAX_DETAILS_LENGTH): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(UNSAFE, ' ').trimEnd());
  const joined = lines.join('\n').trim();
  const points = [...joined];
  if (points.length <= maxLength) return joined;
  return `${points
    .slice(0, Math.max(0, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}

/**
 * The static summary of an ingest run, e.g. `HN ingest 2026-11-30T13:00Z–14:00Z` for a window
 * (the end's date is left out when it is the start's day), `HN ingest ids 1..3000` for an id
 * range. Instants are UTC; seconds and milliseconds show only when they are not zero.
 */
export function ingestRunSummary(target: IngestTarget): string {
  if (target.kind === 'ids') return summaryText(`HN ingest ids ${target.fromId}..${target.toId}`);
  const start = shortInstant(target.window.start);
  const end = shortInstant(target.window.end);
  const sameDay = start.slice(0, 11) === end.slice(0, 11);
  return summaryText(`HN ingest ${start}–${sameDay ? end.slice(11) : end}`);
}

/**
 * The static summary of the ingest Schedule's action, which every run it starts or backfills
 * shows: the runs differ only by their scheduled time, so it names the rule, not a window.
 */
export function ingestScheduleSummary(partition = '1h'): string {
  return summaryText(`HN ingest: the ${partition} partition ending at each scheduled time`);
}

/** `2026-11-30T13:00:00.000Z` as `2026-11-30T13:00Z`; other forms are left as they are. */
function shortInstant(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const full = new Date(ms).toISOString();
  return full.replace(/(:00)?\.000Z$/, 'Z').replace(/^(.{16}):00Z$/, '$1Z');
}
