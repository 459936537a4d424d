import { FIELD_LIMITS } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './internal/compare-code-points';
import { ENGLISH_STOPWORDS, topWords } from './word-frequency';

describe('topWords', () => {
  it('counts each word once per title and sorts by count, then word', () => {
    expect(
      topWords(['Rust rust RUST compilers', 'Why Rust compilers are slow', 'Zig compilers'], 3),
    ).toEqual([
      { word: 'compilers', count: 3 },
      { word: 'rust', count: 2 },
      { word: 'slow', count: 1 },
    ]);
  });

  it('strips Ask/Show/Tell/Launch HN prefixes but keeps "hn" elsewhere', () => {
    expect(
      topWords([
        'Ask HN: Hiring?',
        'Show HN: Hiring tool',
        'tell hn : hiring',
        'Launch HN: Hiring (YC W24)',
        'Scraping HN',
      ]),
    ).toEqual([
      { word: 'hiring', count: 4 },
      { word: 'hn', count: 1 },
      { word: 'scraping', count: 1 },
      { word: 'tool', count: 1 },
      { word: 'w24', count: 1 },
      { word: 'yc', count: 1 },
    ]);
  });

  it('drops stopwords, contractions, pure numbers and one-character words', () => {
    expect(topWords(['The 2024 guide: I don’t use C, it’s 3.5x faster than 1,000 others'])).toEqual(
      [
        { word: '3.5x', count: 1 },
        { word: 'faster', count: 1 },
        { word: 'guide', count: 1 },
        { word: 'others', count: 1 },
        { word: 'use', count: 1 },
      ],
    );
  });

  it('tokenises Unicode: NFKC, case folding, possessives, dotted names, CJK', () => {
    const words = topWords(
      ['Ｃａｆé Straße: Node.js and Google’s ﬁle API', '東京タワーの写真', 'ÜBER über'],
      20,
    ).map((w) => w.word);
    expect(words).toEqual([
      'api',
      'caf\u00e9',
      'file',
      'google',
      'node.js',
      'stra\u00dfe',
      '\u00fcber',
      '写真',
      '東京タワー',
    ]);
  });

  it('breaks ties by code point, not locale order', () => {
    expect(topWords(['zebra éclair apple']).map((w) => w.word)).toEqual([
      'apple',
      'zebra',
      'éclair',
    ]);
  });

  it('honours limit and rejects a bad one', () => {
    expect(topWords(['alpha beta gamma'], 2)).toHaveLength(2);
    expect(topWords(['alpha'], 0)).toEqual([]);
    expect(topWords([])).toEqual([]);
    expect(() => topWords(['alpha'], -1)).toThrow(RangeError);
    expect(() => topWords(['alpha'], 1.5)).toThrow(RangeError);
  });

  it('exports a lowercase stopword list', () => {
    expect(ENGLISH_STOPWORDS.has('the')).toBe(true);
    expect(ENGLISH_STOPWORDS.has("don't")).toBe(true);
    for (const word of ENGLISH_STOPWORDS) expect(word).toBe(word.toLowerCase());
  });
});

describe('compareCodePoints', () => {
  it('orders astral characters after the whole BMP', () => {
    expect(compareCodePoints('\uFA0E', '\u{20000}')).toBeLessThan(0);
    expect('\uFA0E' < '\u{20000}').toBe(false);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });

  it('does not count a run of letters longer than FIELD_LIMITS.word', () => {
    const long = 'x'.repeat(FIELD_LIMITS.word + 1);
    const edge = 'y'.repeat(FIELD_LIMITS.word);
    expect(topWords([`${long} ${edge} rust`, `${long} ${edge} rust`], 10)).toEqual([
      { word: 'rust', count: 2 },
      { word: edge, count: 2 },
    ]);
  });
});
