import type { Dataset } from './dataset';
import { FakeHnApiError } from './errors';
import type { HnItem } from './item';
import { STORY_LISTS, type StoryList } from '@hn/contract';

/** Input of {@link defineDataset}. */
export interface DefineDatasetInput {
  items: readonly HnItem[];
  /** Missing lists are served empty. */
  lists?: Partial<Record<StoryList, readonly number[]>>;
  /** Default: the largest item id, or 0 without items. */
  maxItem?: number;
}

/**
 * Builds a small hand-written dataset for a test that needs exact items, e.g. three stories and
 * a deleted one. List ids need not exist: an id without an item is served as `null`.
 *
 * @throws FakeHnApiError `INVALID_DATASET` for a non-integer or duplicate item id, or a list id
 * that is not a non-negative integer.
 */
export function defineDataset(input: DefineDatasetInput): Dataset {
  const items = new Map<number, HnItem>();
  for (const item of input.items) {
    if (!Number.isSafeInteger(item.id) || item.id < 0) {
      throw new FakeHnApiError(
        'INVALID_DATASET',
        `item id must be a non-negative integer, got ${item.id}`,
      );
    }
    if (items.has(item.id))
      throw new FakeHnApiError('INVALID_DATASET', `duplicate item id ${item.id}`);
    items.set(item.id, item);
  }
  const lists = {} as Record<StoryList, readonly number[]>;
  for (const name of STORY_LISTS) {
    const ids = input.lists?.[name] ?? [];
    for (const id of ids) {
      if (!Number.isSafeInteger(id) || id < 0) {
        throw new FakeHnApiError('INVALID_DATASET', `${name} list holds ${id}, not an item id`);
      }
    }
    lists[name] = [...ids];
  }
  let maxItem = input.maxItem ?? 0;
  if (input.maxItem === undefined) for (const id of items.keys()) maxItem = Math.max(maxItem, id);
  return { items, lists, maxItem };
}
