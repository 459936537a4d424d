import type { ItemRecord } from '@hn/contract';

/** A comment with plausible values; `overrides` wins. */
export function makeItem(id: number, overrides: Partial<ItemRecord> = {}): ItemRecord {
  return {
    id,
    status: 'item',
    type: 'comment',
    by: `user${id % 997}`,
    time: 1_700_000_000 + id,
    title: null,
    url: null,
    text: `Comment ${id}: <p>some text that is about as long as a short comment on the site.</p>`,
    score: null,
    descendants: null,
    parent: id > 1 ? id - 1 : null,
    poll: null,
    kids: [id + 1, id + 2],
    parts: null,
    deleted: false,
    dead: false,
    truncated: null,
    detail: null,
    fetchedAt: 1_750_000_000_000,
    ...overrides,
  };
}

/** An id the API answered null for. */
export function makeMissing(id: number, fetchedAt = 1_750_000_000_000): ItemRecord {
  return {
    ...makeItem(id),
    status: 'missing',
    type: null,
    by: null,
    time: null,
    text: null,
    parent: null,
    kids: null,
    fetchedAt,
  };
}

/**
 * Ids `fromId..toId` with a deterministic mix: every 10th a story, every 50th missing, every
 * 97th invalid, every 13th item deleted, every 17th dead (where not missing or invalid).
 */
export function makeItemRange(fromId: number, toId: number): ItemRecord[] {
  const items: ItemRecord[] = [];
  for (let id = fromId; id <= toId; id += 1) {
    if (id % 50 === 0) {
      items.push(makeMissing(id));
    } else if (id % 97 === 0) {
      items.push({ ...makeMissing(id), status: 'invalid', detail: '`time` is not a number' });
    } else if (id % 10 === 0) {
      items.push(
        makeItem(id, {
          type: 'story',
          title: `Story ${id}`,
          url: `https://example.com/${id}`,
          text: null,
          score: id % 500,
          descendants: id % 40,
          parent: null,
          deleted: id % 13 === 0,
          dead: id % 17 === 0,
        }),
      );
    } else {
      items.push(makeItem(id, { deleted: id % 13 === 0, dead: id % 17 === 0 }));
    }
  }
  return items;
}
