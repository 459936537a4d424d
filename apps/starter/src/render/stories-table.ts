import type { Story } from '@hn/contract';
import { displayWidth, pad } from './text';

/**
 * The stories as a table of rank, title, by and url (the tutorial's DataFrame columns), fitted to
 * `width` columns: title and url share the room left after rank and author.
 */
export function storiesTable(stories: readonly Story[], width: number): string {
  const rankWidth = Math.max(1, String(stories.length).length);
  const byWidth = Math.min(16, Math.max(2, ...stories.map((s) => displayWidth(s.by))));
  const room = Math.max(20, width - rankWidth - byWidth - 6);
  const longestUrl = Math.max(3, ...stories.map((s) => displayWidth(s.url)));
  const urlWidth = Math.min(longestUrl, Math.max(10, Math.floor(room * 0.45)));
  const titleWidth = Math.max(10, room - urlWidth);
  const row = (rank: string, title: string, by: string, url: string) =>
    `${rank.padStart(rankWidth)}  ${pad(title, titleWidth)}  ${pad(by, byWidth)}  ${pad(url, urlWidth)}`.trimEnd();
  const lines = [
    row('#', 'title', 'by', 'url'),
    row('-'.repeat(rankWidth), '-'.repeat(titleWidth), '-'.repeat(byWidth), '-'.repeat(urlWidth)),
    ...stories.map((story, index) => row(String(index + 1), story.title, story.by, story.url)),
  ];
  return `${lines.join('\n')}\n[${stories.length} rows x 3 columns]`;
}
