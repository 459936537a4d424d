import { ITEMS_BUDGET_BYTES } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { cutDetail, entryShare, splitDuplicates } from './plan';

describe('splitDuplicates', () => {
  it('keeps first occurrences in order and reports each later one with its first position', () => {
    expect(splitDuplicates([5, 7, 5, 9, 7, 5])).toEqual({
      unique: [5, 7, 9],
      duplicates: [
        { id: 5, reason: 'duplicate', detail: 'also at position 1 of the list' },
        { id: 7, reason: 'duplicate', detail: 'also at position 2 of the list' },
        { id: 5, reason: 'duplicate', detail: 'also at position 1 of the list' },
      ],
    });
    expect(splitDuplicates([1, 2])).toEqual({ unique: [1, 2], duplicates: [] });
  });
});

describe('entryShare', () => {
  it('splits the items budget evenly over the ids', () => {
    expect(entryShare(500)).toBe(Math.floor(ITEMS_BUDGET_BYTES / 500));
    expect(entryShare(500) * 500).toBeLessThanOrEqual(ITEMS_BUDGET_BYTES);
    expect(entryShare(0)).toBe(ITEMS_BUDGET_BYTES);
  });
});

describe('cutDetail', () => {
  it('cuts so that even the worst escaping fits, never inside a surrogate pair', () => {
    const worst = '\u0001'.repeat(1000);
    const cut = cutDetail(worst, 700);
    const entry = { id: Number.MAX_SAFE_INTEGER, reason: 'unavailable', detail: cut };
    expect(Buffer.byteLength(JSON.stringify(entry))).toBeLessThanOrEqual(700);
    expect(cutDetail('short', 700)).toBe('short');
    expect(cutDetail('😀'.repeat(200), 64 + 6 * 3)).toBe('😀');
  });
});
