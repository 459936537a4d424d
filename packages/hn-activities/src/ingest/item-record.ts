import type { IngestCounts, ItemRecord } from '@hn/contract';
import type { RawItem } from '../raw-item';

/**
 * Size caps of an item's fields as the store keeps them: a longer string is cut (and named in
 * `truncated`), a longer id list keeps its first entries. Hacker News' own limits are far lower
 * (titles of 80 characters); the caps bound what an untrusted payload can make the store hold.
 */
export const ITEM_FIELD_CAPS = {
  by: 256,
  title: 1_024,
  url: 8_192,
  text: 200_000,
  kids: 10_000,
  parts: 1_000,
} as const;

/**
 * The store's record of one id: the API's item with every field (`null` where the API omits it;
 * deleted and dead items as tombstones with their flags), or `missing` for the API's `null`.
 */
export function toItemRecord(id: number, item: RawItem | null, fetchedAt: number): ItemRecord {
  if (item === null) return emptyRecord(id, 'missing', null, fetchedAt);
  const truncated: string[] = [];
  const text = <K extends 'by' | 'title' | 'url' | 'text'>(field: K): string | null => {
    const value = item[field];
    if (value === undefined) return null;
    const cap = ITEM_FIELD_CAPS[field];
    if (value.length <= cap) return value;
    truncated.push(field);
    return cutString(value, cap);
  };
  const ids = (field: 'kids' | 'parts'): number[] | null => {
    const value = item[field];
    if (value === undefined) return null;
    const cap = ITEM_FIELD_CAPS[field];
    if (value.length <= cap) return value;
    truncated.push(field);
    return value.slice(0, cap);
  };
  return {
    id,
    status: 'item',
    type: item.type ?? null,
    by: text('by'),
    time: item.time ?? null,
    title: text('title'),
    url: text('url'),
    text: text('text'),
    score: item.score ?? null,
    descendants: item.descendants ?? null,
    parent: item.parent ?? null,
    poll: item.poll ?? null,
    kids: ids('kids'),
    parts: ids('parts'),
    deleted: item.deleted === true,
    dead: item.dead === true,
    truncated: truncated.length > 0 ? truncated : null,
    detail: null,
    fetchedAt,
  };
}

/** The record of an id whose payload failed validation; `detail` says why. */
export function invalidRecord(id: number, detail: string, fetchedAt: number): ItemRecord {
  return emptyRecord(id, 'invalid', detail, fetchedAt);
}

/** The record of an id the API answered 404 for: missing, like `null`. */
export function missingRecord(id: number, fetchedAt: number): ItemRecord {
  return emptyRecord(id, 'missing', null, fetchedAt);
}

/** Counts `record` into `counts` (mutated); `bytes` is the size of the item's JSON. */
export function countRecord(counts: IngestCounts, record: ItemRecord, bytes: number): void {
  counts.bytes += bytes;
  if (record.status === 'missing') counts.missing += 1;
  else if (record.status === 'invalid') counts.invalid += 1;
  else {
    counts.items += 1;
    if (record.type !== null) counts.byType[record.type] += 1;
    if (record.deleted) counts.deleted += 1;
    if (record.dead) counts.dead += 1;
  }
}

function emptyRecord(
  id: number,
  status: ItemRecord['status'],
  detail: string | null,
  fetchedAt: number,
): ItemRecord {
  return {
    id,
    status,
    type: null,
    by: null,
    time: null,
    title: null,
    url: null,
    text: null,
    score: null,
    descendants: null,
    parent: null,
    poll: null,
    kids: null,
    parts: null,
    deleted: false,
    dead: false,
    truncated: null,
    detail,
    fetchedAt,
  };
}

/** The first `cap` UTF-16 units of `value`, without splitting a surrogate pair. */
function cutString(value: string, cap: number): string {
  const code = value.charCodeAt(cap - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? cap - 1 : cap);
}
