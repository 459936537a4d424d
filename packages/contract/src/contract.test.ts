import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUT, FAILURE_TYPES, isStoryList, resolveInput, STORY_LISTS } from './index';

describe('FAILURE_TYPES', () => {
  it('has distinct values', () => {
    const values = Object.values(FAILURE_TYPES);
    expect(new Set(values).size).toBe(values.length);
    expect(FAILURE_TYPES.invalidInput).toBe('InvalidInput');
  });
});

describe('the contract is sandbox-safe', () => {
  it('imports nothing but its own modules', async () => {
    const dir = new URL('./', import.meta.url);
    const sources = (await readdir(dir)).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    expect(sources.length).toBeGreaterThan(5);
    for (const name of sources) {
      // Doc comments may show how a user imports the package; only code counts.
      const source = (await readFile(new URL(name, dir), 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '');
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((match) => match[1]);
      expect(
        specifiers.filter((specifier) => !specifier!.startsWith('./')),
        name,
      ).toEqual([]);
      expect(source, name).not.toMatch(/\brequire\(|\bimport\(/);
    }
  });
});

describe('isStoryList', () => {
  it('accepts exactly the story lists', () => {
    expect(STORY_LISTS.every(isStoryList)).toBe(true);
    expect(isStoryList('hot')).toBe(false);
    expect(isStoryList(undefined)).toBe(false);
  });
});

describe('resolveInput', () => {
  it('applies every default to no input', () => {
    expect(resolveInput(undefined)).toEqual({ input: DEFAULT_INPUT, problems: [] });
  });

  it('lists every problem at once', () => {
    const { problems } = resolveInput({ limit: 0, list: 'hot', colour: 'red', store: 'yes' });
    expect(problems.map(String)).toEqual([
      'unknown option "colour" (known: limit, list, topWords, concurrency, chunkSize, retry, store, output)',
      'limit must be an integer from 1 to 500, got 0',
      'list must be one of top, new, best, ask, show, job, got "hot"',
      'store must be true or false, got "yes"',
    ]);
  });

  it('rejects a non-object input', () => {
    expect(resolveInput([1]).problems.map(String)).toEqual([
      'input must be an object such as { "limit": 10 }, got an array',
    ]);
  });
});
