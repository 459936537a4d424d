import type { WordCount } from '@hn/contract';
import { displayWidth, pad } from './text';

/** The top words as a horizontal bar chart fitted to `width` columns. */
export function wordBars(words: readonly WordCount[], width: number): string {
  if (words.length === 0) return '(no words)';
  const labelWidth = Math.min(20, Math.max(...words.map((w) => displayWidth(w.word))));
  const max = Math.max(...words.map((w) => w.count));
  const countWidth = String(max).length;
  const barRoom = Math.max(5, width - labelWidth - countWidth - 4);
  return words
    .map(({ word, count }) => {
      const bar = '█'.repeat(Math.max(1, Math.round((count / max) * barRoom)));
      return `${pad(word, labelWidth)}  ${String(count).padStart(countWidth)} ${bar}`;
    })
    .join('\n');
}
