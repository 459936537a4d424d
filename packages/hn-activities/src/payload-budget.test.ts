import { MIN_ENTRY_BYTES, type Story } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import {
  cutToJsonBytes,
  fitSkipped,
  fitStory,
  jsonBytes,
  waterLevel,
  withFlag,
} from './payload-budget';

const story: Story = {
  id: 42,
  title: 'A title',
  by: 'pg',
  url: 'https://example.com/a',
  score: 1,
  time: 2,
  comments: 3,
  type: 'story',
};

// Characters of every JSON cost: 1 (a), 2 (", \, \n, é), 3 (€), 4 (😀) and 6 (\u0001) bytes.
const MIXED = 'a"\\\né€😀\u0001';

describe('jsonBytes and cutToJsonBytes', () => {
  it('measure what the JSON data converter writes', () => {
    expect(jsonBytes(MIXED)).toBe(new TextEncoder().encode(JSON.stringify(MIXED)).length);
    expect(jsonBytes(MIXED)).toBe(2 + 1 + 2 + 2 + 2 + 2 + 3 + 4 + 6);
  });

  it('cut to the longest prefix that fits, never inside a character', () => {
    for (let max = 0; max <= 24; max += 1) {
      const cut = cutToJsonBytes(MIXED, max);
      expect(jsonBytes(cut) - 2).toBeLessThanOrEqual(max);
      expect(MIXED.startsWith(cut)).toBe(true);
      const next = [...MIXED].slice(0, [...cut].length + 1).join('');
      if (next !== cut) expect(jsonBytes(next) - 2).toBeGreaterThan(max);
    }
  });
});

describe('fitStory', () => {
  it('leaves a story that fits unchanged', () => {
    expect(fitStory(story, jsonBytes(story))).toBe(story);
  });

  it('cuts the title first, flagged, keeping the url', () => {
    const long = { ...story, title: 'x'.repeat(400) };
    const fitted = fitStory(long, 300);
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(300);
    expect(fitted.url).toBe(story.url);
    expect(fitted.flags).toEqual(['title-truncated']);
    expect(long.title.startsWith(fitted.title)).toBe(true);
    expect(fitted.title.length).toBeGreaterThan(80);
  });

  it('replaces a long url by the item page before cutting the title below 80', () => {
    const fitted = fitStory(
      { ...story, title: 't'.repeat(100), url: `https://example.com/${'u'.repeat(2000)}` },
      400,
    );
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(400);
    expect(fitted.url).toBe('https://news.ycombinator.com/item?id=42');
    expect(fitted.flags).toEqual(['url-replaced']);
    expect(fitted.title).toBe('t'.repeat(100));
  });

  it('fits the worst JSON content into MIN_ENTRY_BYTES', () => {
    const worst: Story = withFlag(
      withFlag(
        {
          ...story,
          id: Number.MAX_SAFE_INTEGER,
          score: -Number.MAX_SAFE_INTEGER,
          time: Number.MAX_SAFE_INTEGER,
          comments: -Number.MAX_SAFE_INTEGER,
          title: '\u0001'.repeat(400),
          by: '\u0001'.repeat(64),
          url: `https://example.com/${'"'.repeat(2000)}`,
        },
        'text-repaired',
      ),
      'title-truncated',
    );
    const fitted = fitStory(worst, MIN_ENTRY_BYTES);
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(MIN_ENTRY_BYTES);
    expect(fitted.flags).toEqual([
      'title-truncated',
      'by-truncated',
      'url-replaced',
      'text-repaired',
    ]);
  });
});

describe('fitSkipped', () => {
  it('cuts the detail to fit', () => {
    const skipped = { id: 1, reason: 'invalid-payload' as const, detail: '\u0001'.repeat(500) };
    const fitted = fitSkipped(skipped, 200);
    expect(jsonBytes(fitted)).toBeLessThanOrEqual(200);
    expect(fitted.detail?.length).toBeGreaterThan(0);
    expect(fitSkipped({ id: 1, reason: 'null' }, 10)).toEqual({ id: 1, reason: 'null' });
  });
});

describe('waterLevel', () => {
  it('is Infinity when everything fits', () => {
    expect(waterLevel([10, 20, 30], 60)).toBe(Number.POSITIVE_INFINITY);
  });

  it('leaves small entries whole and shares the rest among the large ones', () => {
    expect(waterLevel([10, 100, 100], 110)).toBe(50);
    expect(waterLevel([100, 100, 100], 150)).toBe(50);
  });

  it('never lets entries cut to the level exceed the budget', () => {
    const sizes = Array.from({ length: 100 }, (_, i) => ((i * 7919) % 3000) + 1);
    for (const budget of [100, 5_000, 50_000, 149_999]) {
      const level = waterLevel(sizes, budget);
      const total = sizes.reduce((sum, size) => sum + Math.min(size, level), 0);
      expect(total).toBeLessThanOrEqual(budget);
    }
  });
});
