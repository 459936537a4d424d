import { sanitizeForTerminal } from '../terminal/sanitize';
import { displayWidth, pad } from '../terminal/text';
import type { WordCount } from '@hn/contract';

/**
 * The top words as a horizontal bar chart: each line is the word (sanitised, at most 20
 * columns), its count, and a bar proportional to it; the longest line takes exactly `width`
 * columns.
 */
export function wordBars(words: readonly WordCount[], width: number): string {
  if (words.length === 0) return '(no words)';
  const labels = words.map((w) => sanitizeForTerminal(w.word));
  const labelWidth = Math.min(20, Math.max(...labels.map(displayWidth)));
  const max = Math.max(...words.map((w) => w.count));
  const countWidth = String(max).length;
  const barRoom = Math.max(5, width - labelWidth - countWidth - 3);
  return words
    .map(({ count }, i) => {
      const bar = '█'.repeat(Math.max(1, Math.round((count / max) * barRoom)));
      return `${pad(labels[i]!, labelWidth)}  ${String(count).padStart(countWidth)} ${bar}`;
    })
    .join('\n');
}
