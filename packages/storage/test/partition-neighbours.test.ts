// The stored neighbours a new partition takes its edges from (`completedPartitionsAt`), on
// SQLite and PostgreSQL: completed window partitions starting or ending at a boundary, whatever
// the boundary's spelling; running ones, id ranges and unrelated windows are left out.
import type { IngestPartitionRecord } from '@hn/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type SqlStore } from '../src/index';
import { SKIP_POSTGRES, STORE_KINDS, useDatabases } from './databases';

const HOUR_MS = 3_600_000;
const START = Date.UTC(2025, 0, 1);
const at = (ms: number) => new Date(ms).toISOString();
const keyOf = (h: number) => `window:${at(START + h * HOUR_MS)}/${at(START + (h + 1) * HOUR_MS)}`;

function hour(h: number, overrides: Partial<IngestPartitionRecord> = {}): IngestPartitionRecord {
  return {
    key: keyOf(h),
    windowStart: at(START + h * HOUR_MS),
    windowEnd: at(START + (h + 1) * HOUR_MS),
    fromId: h * 100 + 1,
    toId: h * 100 + 100,
    status: 'completed',
    counts: null,
    workflowId: `hackernews-ingest/${keyOf(h)}`,
    runId: `run-${h}`,
    startedAt: at(START + 10 * HOUR_MS),
    finishedAt: at(START + 10 * HOUR_MS + 60_000),
    ...overrides,
  };
}

for (const kind of STORE_KINDS) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`completedPartitionsAt on ${kind}`, () => {
    const databases = useDatabases(kind);
    let store: SqlStore;

    beforeEach(async () => {
      store = await createStore(await databases.newConfig());
      await store.savePartition(hour(0));
      await store.savePartition(hour(2));
      await store.savePartition(hour(3, { status: 'running', counts: null, finishedAt: null }));
      await store.savePartition(hour(5));
      await store.savePartition({
        ...hour(9),
        key: 'ids:1-50',
        windowStart: null,
        windowEnd: null,
      });
    });
    afterEach(async () => {
      await store?.close();
    });

    it('finds the completed windows that end or start at the boundaries', async () => {
      // Hour 1's neighbours: hour 0 ends at its start, hour 2 starts at its end.
      const found = await store.completedPartitionsAt([
        '2025-01-01T01:00:00Z',
        '2025-01-01T02:00:00.000+00:00',
      ]);
      expect(found).toEqual([
        {
          key: keyOf(0),
          windowStart: at(START),
          windowEnd: at(START + HOUR_MS),
          fromId: 1,
          toId: 100,
        },
        {
          key: keyOf(2),
          windowStart: at(START + 2 * HOUR_MS),
          windowEnd: at(START + 3 * HOUR_MS),
          fromId: 201,
          toId: 300,
        },
      ]);
    });

    it('leaves out running partitions and windows that only overlap', async () => {
      // Hour 4: hour 3 before it is running, hour 5 after it is completed.
      const found = await store.completedPartitionsAt([
        at(START + 4 * HOUR_MS),
        at(START + 5 * HOUR_MS),
      ]);
      expect(found.map((p) => p.key)).toEqual([keyOf(5)]);
      expect(await store.completedPartitionsAt([at(START + HOUR_MS / 2)])).toEqual([]);
      expect(await store.completedPartitionsAt([])).toEqual([]);
    });

    it('refuses a boundary that is not an instant', async () => {
      const failure = await store.completedPartitionsAt(['yesterday']).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect((failure as Error).message).toContain('boundary 0');
    });
  });
}
