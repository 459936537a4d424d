/**
 * Temporal keeps one free-text note per schedule (`state.note`, the API's `notes`), and pausing
 * replaces it: the server's `pause` patch, the Web UI, `temporal schedule toggle --reason` and
 * pause-on-failure ("paused due to workflow failure: ...") all write the reason there. This
 * package keeps the schedule's own note through a pause by storing both in that one field:
 *
 * ```text
 * <the schedule's note>
 * Paused: <why it is paused>
 * ```
 *
 * and strips the `Paused:` line again on unpause.
 */
const PAUSE_MARKER = 'Paused: ';

/** A schedule's `state.note`, split into the schedule's own note and the reason it is paused. */
export interface ScheduleNotes {
  /** The schedule's own note; `''` when it has none or it was lost (see {@link splitScheduleNote}). */
  note: string;
  /** Why it is paused: present while paused. */
  pauseNote?: string;
}

/**
 * Joins a schedule's note and, when paused, the pause reason into the one `state.note` field.
 * Pure.
 */
export function joinScheduleNote({ note, pauseNote }: ScheduleNotes): string {
  if (pauseNote === undefined) return note;
  const reason = `${PAUSE_MARKER}${pauseNote}`;
  return note === '' ? reason : `${note}\n${reason}`;
}

/**
 * Splits a `state.note` written by {@link joinScheduleNote}. A paused schedule whose note has no
 * `Paused:` line was paused by something else (the Web UI, the `temporal` CLI, the server's
 * pause-on-failure), which replaced the whole note by its reason: all of it is the pause note
 * and the schedule's own note is `''`. Pure.
 */
export function splitScheduleNote(stateNote: string | undefined, paused: boolean): ScheduleNotes {
  const text = stateNote ?? '';
  const at = text.startsWith(PAUSE_MARKER) ? 0 : text.lastIndexOf(`\n${PAUSE_MARKER}`);
  if (at < 0) return paused ? { note: '', pauseNote: text } : { note: text };
  const note = text.slice(0, at);
  const reason = text.slice(at + (at === 0 ? 0 : 1) + PAUSE_MARKER.length);
  return paused ? { note, pauseNote: reason } : { note };
}

/**
 * The note a schedule gets when none is given, derived from when it runs:
 * `'Hacker News pipeline (every 1h).'`, `'Hacker News pipeline (cron 0 9 * * 1-5, in Europe/Paris).'`.
 * Pure.
 */
export function defaultScheduleNote(timingText: string): string {
  return `Hacker News pipeline (${timingText}).`;
}

/** Whether `note` is one {@link defaultScheduleNote} wrote, so it may follow the timing. */
export function isDefaultScheduleNote(note: string): boolean {
  return /^Hacker News pipeline \(.*\)\.$/.test(note);
}

/** The pause reason when none is given. */
export function defaultPauseNote(now: Date = new Date()): string {
  return `since ${now.toISOString()}`;
}
