import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreConfig } from './config';
import type { SqlStore } from './store';
import { withStore } from './with-store';

function sqlite(): StoreConfig {
  return { kind: 'sqlite', filename: join(mkdtempSync(join(tmpdir(), 'hn-with-store-')), 'hn.db') };
}

describe('withStore', () => {
  it('returns what use returns and closes the store', async () => {
    let used: SqlStore | undefined;
    const partitions = await withStore(sqlite(), (store) => {
      used = store;
      return store.listPartitions({});
    });
    expect(partitions).toEqual([]);
    await expect(used!.listPartitions({})).rejects.toThrow(/This store was closed/);
  });

  it('closes the store when use throws, and throws the same error', async () => {
    let used: SqlStore | undefined;
    const failure = new Error('read failed');
    await expect(
      withStore(sqlite(), (store) => {
        used = store;
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    await expect(used!.listPartitions({})).rejects.toThrow(/This store was closed/);
  });
});
