import stringWidth from 'string-width';
import { sanitizeForTerminal } from './sanitize';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Columns `text` takes on a terminal (string-width: East Asian wide characters and emoji take
 * two, combining marks and zero-width joiners none). Measure sanitised text only: escape
 * sequences are not counted, control characters are.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Sanitises `text` ({@link sanitizeForTerminal}) and cuts it to at most `width` columns, ending
 * with `…` when cut. Never splits a grapheme (an emoji sequence, a letter and its accents).
 */
export function fit(text: string, width: number): string {
  const safe = sanitizeForTerminal(text);
  if (displayWidth(safe) <= width) return safe;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(safe)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** {@link fit}s `text`, then pads it with spaces to exactly `width` columns. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fitted = fit(text, width);
  const room = ' '.repeat(Math.max(0, width - displayWidth(fitted)));
  return align === 'left' ? fitted + room : room + fitted;
}
