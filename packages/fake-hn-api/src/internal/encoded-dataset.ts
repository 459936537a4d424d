import type { Dataset } from '../dataset';
import { STORY_LISTS, type StoryList } from '@hn/contract';

/** A dataset's answers, serialized once so a request costs a map lookup and a socket write. */
export interface EncodedDataset {
  /** List bodies by request path, e.g. `/v0/topstories.json`. */
  readonly lists: ReadonlyMap<string, { name: StoryList; body: Buffer }>;
  /** The body for an item id: its JSON, or `null`. */
  item(id: number): Buffer;
  /** A well-formed body that fails schema validation, for the `invalid` item fault. */
  invalidItem(id: number): Buffer;
}

const NULL_BODY = Buffer.from('null');

export function encodeDataset(dataset: Dataset): EncodedDataset {
  const lists = new Map<string, { name: StoryList; body: Buffer }>();
  for (const name of STORY_LISTS) {
    lists.set(`/v0/${name}stories.json`, {
      name,
      body: Buffer.from(JSON.stringify(dataset.lists[name])),
    });
  }
  const items = new Map<number, Buffer>();
  for (const [id, item] of dataset.items) items.set(id, Buffer.from(JSON.stringify(item)));

  return {
    lists,
    item: (id) => items.get(id) ?? NULL_BODY,
    invalidItem: (id) => {
      const item = dataset.items.get(id);
      const broken = item ? { ...item, title: 12345, time: 'yesterday' } : { id, type: 42 };
      return Buffer.from(JSON.stringify(broken));
    },
  };
}
