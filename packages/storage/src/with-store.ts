import type { StoreConfig } from './config';
import { createStore, type CreateStoreOptions, type SqlStore } from './store';

/**
 * Opens the store of `config`, runs `use` with it and closes it, also when `use` throws: one
 * read or write from a short-lived program.
 *
 * ```ts
 * const partitions = await withStore(config, (store) => store.listPartitions({}));
 * ```
 *
 * @throws what `createStore` and `use` throw.
 */
export async function withStore<T>(
  config: StoreConfig,
  use: (store: SqlStore) => Promise<T>,
  options: CreateStoreOptions = {},
): Promise<T> {
  const store = await createStore(config, options);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
