/**
 * How long upserting 100,000 items in batches of 1,000 takes, on SQLite (a file in a temporary
 * directory) and PostgreSQL (a throwaway cluster, see postgres.ts): first as inserts into an
 * empty table, then as updates of the same ids. Run with `pnpm --filter @hn/storage bench`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type StoreConfig } from '../src/index';
import { makeItemRange } from './items-fixtures';
import { startTestPostgres } from './postgres';

const TOTAL = Number(process.env.BENCH_ITEMS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);

async function measure(label: string, config: StoreConfig): Promise<void> {
  const store = await createStore(config);
  try {
    const batches = [];
    for (let from = 1; from <= TOTAL; from += BATCH) {
      batches.push(makeItemRange(from, Math.min(from + BATCH - 1, TOTAL)));
    }
    for (const pass of ['insert', 'update'] as const) {
      if (pass === 'update') {
        for (const batch of batches) for (const item of batch) item.fetchedAt += 1;
      }
      const started = performance.now();
      let written = 0;
      for (const batch of batches) written += (await store.saveItems(batch)).written;
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label} ${pass}: ${written} items in ${seconds.toFixed(2)} s ` +
          `(${Math.round(written / seconds)} items/s, ${((seconds * 1000) / batches.length).toFixed(1)} ms per batch of ${BATCH})`,
      );
    }
    const stats = await store.itemStats({ fromId: 1, toId: TOTAL });
    if (stats.rows !== TOTAL) throw new Error(`expected ${TOTAL} rows, found ${stats.rows}`);
  } finally {
    await store.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'hn-storage-bench-'));
try {
  await measure('sqlite  ', { kind: 'sqlite', filename: join(dir, 'bench.db') });
  if (process.env.HN_SKIP_POSTGRES !== '1') {
    const server = await startTestPostgres();
    try {
      await measure('postgres', { kind: 'postgres', url: await server.createDatabase() });
    } finally {
      await server.stop();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
