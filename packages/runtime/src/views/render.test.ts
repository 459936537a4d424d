import { StatusLine } from '../terminal/status-line';
import { displayWidth, fit } from '../terminal/text';
import type { Story } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { TERMINAL_ATTACKS, forbiddenCharacters } from '@hn/testing/forbidden-characters';
import { progressLine } from './progress-line';
import { scheduleListTable } from './schedule-list';
import { storiesTable } from './stories-table';
import { wordBars } from './word-bars';

/** The output's characters that could drive a terminal (ESC included): none. */
function expectSafe(output: string): void {
  expect(forbiddenCharacters(output)).toEqual([]);
}

const story = (id: number, title: string, by = `user${id}`, url = `https://example.com/${id}`) =>
  ({ id, title, by, url, score: 1, time: 0, comments: 0, type: 'story' }) satisfies Story;

describe.each(Object.entries(TERMINAL_ATTACKS))('text from the API with %s', (_, payload) => {
  it('leaves the stories table safe, every row exactly as wide as the layout', () => {
    // The url (last column) overflows in every row, so each row takes the table's full width;
    // the title and author are cut or padded to their columns wherever the payload sits.
    const stories = [
      story(
        1,
        `${payload}${'t'.repeat(300)}`,
        `${payload}${'b'.repeat(40)}`,
        `https://x.test/${'u'.repeat(300)}${payload}`,
      ),
      story(
        2,
        `${'t'.repeat(300)}${payload}`,
        `${'b'.repeat(40)}${payload}`,
        `https://x.test/${'u'.repeat(300)}`,
      ),
    ];
    for (const width of [60, 100, 160]) {
      const output = storiesTable(stories, width);
      expectSafe(output);
      const lines = output.split('\n');
      expect(lines.at(-1)).toBe('[2 rows x 3 columns]');
      const [header, rule, ...rows] = lines.slice(0, -1);
      expect(displayWidth(rule!)).toBe(width);
      expect(displayWidth(header!)).toBeLessThanOrEqual(width);
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(displayWidth(row)).toBe(width);
    }
  });

  it('leaves the word bars safe, every line exactly the width asked', () => {
    const chart = wordBars(
      [
        { word: payload, count: 3 },
        { word: `${payload}${'w'.repeat(30)}`, count: 3 },
        { word: 'rust', count: 3 },
      ],
      50,
    );
    expectSafe(chart);
    for (const line of chart.split('\n')) expect(displayWidth(line)).toBe(50);
  });

  it('leaves the progress line safe and within its width', () => {
    const line = progressLine(
      { phase: payload as never, total: 500, fetched: 250, skipped: 3 },
      40,
    );
    expectSafe(line);
    expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });

  it('leaves the schedule list safe and within its width', () => {
    const item = {
      scheduleId: `${payload}-schedule`,
      paused: false,
      spec: { text: `every 1h ${payload}` },
      nextActionTimes: ['2026-01-01T00:00:00.000Z'],
      workflowType: `${payload}Workflow`,
    };
    const output = scheduleListTable([item, item], 70);
    expectSafe(output);
    for (const line of output.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(70);
  });

  it('leaves the status line safe and within the width of the stream it draws on', () => {
    const writes: string[] = [];
    const status = new StatusLine({ isTTY: true, columns: 30, write: (t) => writes.push(t) });
    status.draw(`fetching ${payload} ${'x'.repeat(50)}`);
    const drawn = writes.join('').replace('\r\x1b[2K', '');
    expectSafe(drawn);
    expect(displayWidth(drawn)).toBeLessThanOrEqual(29);
  });
});

describe('terminal layout', () => {
  it('counts wide characters as two columns and cuts by graphemes', () => {
    expect(displayWidth('新幹線')).toBe(6);
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 4)).toBe('abc');
    expect(fit('新幹線です', 5)).toBe('新幹…');
    expect(fit('👩‍💻👩‍💻👩‍💻', 5)).toBe('👩‍💻👩‍💻…');
  });

  it('fits the stories table to the terminal, title and url sharing the room', () => {
    const lines = storiesTable(
      [
        story(
          1,
          'Shinkansen (新幹線) scheduling and SAT solvers, a very long title indeed',
          'lispfan',
          `https://example.com/${'x'.repeat(200)}`,
        ),
      ],
      100,
    ).split('\n');
    expect(lines[0]).toMatch(/^# {2}title\s+by\s+url$/);
    expect(displayWidth(lines[2]!)).toBe(100);
    expect(lines[2]).toContain('  lispfan  ');
  });

  it('leaves a short table as it is', () => {
    expect(storiesTable([story(1, 'Short')], 120)).toBe(
      [
        '#  title  by     url',
        '-  -----  -----  ---------------------',
        '1  Short  user1  https://example.com/1',
        '[1 rows x 3 columns]',
      ].join('\n'),
    );
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
    expect(bar(chart[0]!)).toBe(2 * bar(chart[1]!));
  });
});
