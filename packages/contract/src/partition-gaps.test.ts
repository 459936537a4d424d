import { describe, expect, it } from 'vitest';
import { partitionRows, type PartitionIdSpan } from './index';

const hour = (h: number) => `2025-01-01T${String(h).padStart(2, '0')}:00:00.000Z`;
const win = (h: number, fromId: number, toId: number): PartitionIdSpan => ({
  windowStart: hour(h),
  windowEnd: hour(h + 1),
  fromId,
  toId,
});

describe('partitionRows', () => {
  it('shows no gap between neighbours that tile time and ids', () => {
    const rows = partitionRows([win(0, 1, 100), win(1, 101, 200), win(2, 201, 200)]);
    expect(rows.every((row) => row.kind === 'partition')).toBe(true);
  });

  it('shows a gap in time, with the ids between', () => {
    const rows = partitionRows([win(0, 1, 100), win(2, 151, 200)]);
    expect(rows[1]).toEqual({
      kind: 'gap',
      window: { start: hour(1), end: hour(2) },
      ids: { fromId: 101, toId: 150 },
    });
  });

  it('shows a gap in ids between windows that touch in time: ids in no partition', () => {
    const rows = partitionRows([win(0, 1, 100), win(1, 103, 200)]);
    expect(rows.map((row) => row.kind)).toEqual(['partition', 'gap', 'partition']);
    expect(rows[1]).toEqual({ kind: 'gap', window: null, ids: { fromId: 101, toId: 102 } });
  });

  it('counts id ranges apart from windows', () => {
    const ids = (fromId: number, toId: number) => ({
      windowStart: null,
      windowEnd: null,
      fromId,
      toId,
    });
    const rows = partitionRows([win(0, 1, 100), ids(500, 600), ids(601, 700), ids(800, 900)]);
    expect(rows.filter((row) => row.kind === 'gap')).toEqual([
      { kind: 'gap', window: null, ids: { fromId: 701, toId: 799 } },
    ]);
  });
});
