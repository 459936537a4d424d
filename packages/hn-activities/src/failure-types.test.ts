import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HN_FAILURE_TYPES } from './failure-types';

describe('HN_FAILURE_TYPES', () => {
  it('has distinct values, including the InvalidInput type', () => {
    const values = Object.values(HN_FAILURE_TYPES);
    expect(new Set(values).size).toBe(values.length);
    expect(HN_FAILURE_TYPES.invalidInput).toBe('InvalidInput');
  });

  it('imports nothing, so workflow code can import it', async () => {
    const source = await readFile(new URL('./failure-types.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\b/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
