import type { Story } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { storiesTable } from './stories-table';
import { displayWidth, fit } from './text';
import { wordBars } from './word-bars';

const story = (id: number, title: string, url = `https://example.com/${id}`): Story => ({
  id,
  title,
  by: `user${id}`,
  url,
  score: 1,
  time: 0,
  comments: 0,
  type: 'story',
});

describe('terminal rendering', () => {
  it('fits every table line to the terminal width, wide characters included', () => {
    const stories = [
      story(1, 'Shinkansen (新幹線) scheduling and SAT solvers, a very long title indeed'),
      story(2, 'Short', `https://example.com/${'x'.repeat(200)}`),
    ];
    for (const width of [60, 100, 160]) {
      const lines = storiesTable(stories, width).split('\n');
      expect(lines.at(-1)).toBe('[2 rows x 3 columns]');
      for (const line of lines.slice(0, -1)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    }
  });

  it('cuts with an ellipsis and counts wide characters as two columns', () => {
    expect(displayWidth('新幹線')).toBe(6);
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 4)).toBe('abc');
  });

  it('draws bars proportional to the counts', () => {
    const chart = wordBars(
      [
        { word: 'rust', count: 4 },
        { word: 'sqlite', count: 2 },
      ],
      40,
    ).split('\n');
    const bar = (line: string) => (line.match(/█+/)?.[0] ?? '').length;
    expect(bar(chart[0]!)).toBeGreaterThan(bar(chart[1]!));
    expect(Math.abs(bar(chart[0]!) - 2 * bar(chart[1]!))).toBeLessThanOrEqual(1);
  });
});
