import { describe, expect, it } from 'vitest';
import { MAX_FAIRNESS_KEY_BYTES, PRIORITY_KEYS, backfillPriority, fairnessKeyOf } from './index';

describe('priority keys', () => {
  it('put the follower first, scheduled runs next and backfills behind the default 3', () => {
    expect(PRIORITY_KEYS.follow).toBeLessThan(PRIORITY_KEYS.scheduledIngest);
    expect(PRIORITY_KEYS.scheduledIngest).toBeLessThan(3);
    expect(PRIORITY_KEYS.backfill).toBeGreaterThan(3);
    expect(PRIORITY_KEYS.backfill).toBeLessThanOrEqual(5);
  });

  it('give each backfill its workflow id as fairness key', () => {
    expect(backfillPriority('hackernews-backfill')).toEqual({
      priorityKey: PRIORITY_KEYS.backfill,
      fairnessKey: 'hackernews-backfill',
    });
  });

  it('keep a long or non-ASCII id within 64 bytes, distinct from its neighbours', () => {
    const long = `backfill-${'x'.repeat(100)}`;
    const keys = [long, `${long}y`, 'backfill-été', 'backfill-ete'].map(fairnessKeyOf);
    for (const key of keys) {
      expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_FAIRNESS_KEY_BYTES);
      expect(key).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect(fairnessKeyOf(long)).toBe(fairnessKeyOf(long));
  });
});
