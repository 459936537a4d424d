import { renderTable, type TableColumn } from '../terminal/table';
import type { Story } from '@hn/contract';

const COLUMNS: readonly TableColumn[] = [
  { header: '#', align: 'right' },
  { header: 'title', minWidth: 10, weight: 1.2 },
  { header: 'by', maxWidth: 16, minWidth: 6 },
  { header: 'url', minWidth: 10 },
];

/**
 * The stories as a table of rank, title, by and url (the tutorial's DataFrame columns), fitted to
 * `width` columns: title and url share what rank and author leave, about 55/45. Every value is
 * sanitised for the terminal before it is measured.
 */
export function storiesTable(stories: readonly Story[], width: number): string {
  const rows = stories.map((story, index) => [String(index + 1), story.title, story.by, story.url]);
  const lines = renderTable(COLUMNS, rows, { width, rule: true });
  return `${lines.join('\n')}\n[${stories.length} rows x 3 columns]`;
}
