import { emptyIngestCounts, type FollowStatus } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { followStatusLine } from './follow';

const STATUS: FollowStatus = {
  phase: 'following',
  cursor: 1_001,
  firstId: 1,
  maxItem: 1_010,
  lagIds: 10,
  lagSeconds: 4,
  itemsPerSecond: 25,
  counts: emptyIngestCounts(),
  refreshed: 7,
  settled: 2,
  polls: 40,
  warnings: 0,
  lastWarning: null,
  continuedAsNew: 0,
  startedAt: '2025-01-01T00:00:00.000Z',
  lastPollAt: '2025-01-01T00:10:00.000Z',
};

describe('followStatusLine', () => {
  it('shows the cursor, the lag, the rate and the counts', () => {
    expect(followStatusLine(STATUS)).toBe(
      'following: cursor 1001, maxitem 1010, lag 10 ids / 4 s, 25 items/s, 7 refreshed, 2 settled, 40 polls',
    );
  });

  it('ends with the last warning', () => {
    const warned: FollowStatus = {
      ...STATUS,
      warnings: 1,
      lastWarning: { kind: 'maxitem-jump', message: 'maxitem jumped', at: STATUS.startedAt },
    };
    expect(followStatusLine(warned)).toMatch(/40 polls · warning: maxitem jumped$/);
  });
});
