import { FIELD_LIMITS, emptyIngestCounts } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { countRecord, invalidRecord, toItemRecord } from './item-record';

describe('toItemRecord', () => {
  it('keeps every field of an item, null where the API omits it', () => {
    const record = toItemRecord(
      7,
      { id: 7, type: 'comment', by: 'pg', time: 1_700_000_000, text: 'Hi', parent: 3, kids: [9] },
      1234,
    );
    expect(record).toEqual({
      id: 7,
      status: 'item',
      type: 'comment',
      by: 'pg',
      time: 1_700_000_000,
      title: null,
      url: null,
      text: 'Hi',
      score: null,
      descendants: null,
      parent: 3,
      poll: null,
      kids: [9],
      parts: null,
      deleted: false,
      dead: false,
      truncated: null,
      detail: null,
      fetchedAt: 1234,
    });
  });

  it('keeps tombstones, and records null as missing', () => {
    expect(toItemRecord(8, { id: 8, deleted: true }, 1)).toMatchObject({
      status: 'item',
      type: null,
      deleted: true,
      time: null,
    });
    expect(toItemRecord(9, null, 1)).toMatchObject({ id: 9, status: 'missing', type: null });
  });

  it('holds fields to FIELD_LIMITS, drops an unsafe url, and says which', () => {
    const title = `${'a'.repeat(FIELD_LIMITS.title - 1)}🦀tail`;
    const kids = Array.from({ length: FIELD_LIMITS.kids + 5 }, (_, i) => i + 1);
    const record = toItemRecord(
      1,
      { id: 1, type: 'story', title, kids, url: 'javascript:alert(1)' },
      1,
    );
    expect(record.title).toBe('a'.repeat(FIELD_LIMITS.title - 1));
    expect(record.kids).toHaveLength(FIELD_LIMITS.kids);
    expect(record.url).toBeNull();
    expect(record.truncated).toEqual(['title', 'kids', 'url']);
  });
});

describe('countRecord', () => {
  it('counts items by type and flag, missing and invalid ids, and bytes', () => {
    const counts = emptyIngestCounts();
    countRecord(counts, toItemRecord(1, { id: 1, type: 'story', dead: true }, 0), 50);
    countRecord(counts, toItemRecord(2, { id: 2, deleted: true }, 0), 20);
    countRecord(counts, toItemRecord(3, null, 0), 4);
    countRecord(counts, invalidRecord(4, 'bad', 0), 0);
    expect(counts).toEqual({
      items: 2,
      byType: { story: 1, comment: 0, job: 0, poll: 0, pollopt: 0 },
      deleted: 1,
      dead: 1,
      missing: 1,
      invalid: 1,
      bytes: 74,
    });
  });
});
