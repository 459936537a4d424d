import type { IngestCounts, ItemRecord } from '@hn/contract';
import { limitItem } from '../item-limits';
import type { RawItem } from '../raw-item';

/**
 * The store's record of one id: the API's item with every field (`null` where the API omits it;
 * deleted and dead items as tombstones with their flags), or `missing` for the API's `null`.
 * Fields are held to `FIELD_LIMITS` by `limitItem`: a cut field (or a `url` dropped as unsafe) is
 * named in `truncated`.
 */
export function toItemRecord(id: number, item: RawItem | null, fetchedAt: number): ItemRecord {
  if (item === null) return emptyRecord(id, 'missing', null, fetchedAt);
  const { item: limited, truncated, urlProblem } = limitItem(item);
  const cut: string[] = [...truncated, ...(urlProblem === undefined ? [] : ['url'])];
  return {
    id,
    status: 'item',
    type: item.type ?? null,
    by: limited.by ?? null,
    time: item.time ?? null,
    title: limited.title ?? null,
    url: limited.url ?? null,
    text: limited.text ?? null,
    score: item.score ?? null,
    descendants: item.descendants ?? null,
    parent: item.parent ?? null,
    poll: item.poll ?? null,
    kids: limited.kids ?? null,
    parts: limited.parts ?? null,
    deleted: item.deleted === true,
    dead: item.dead === true,
    truncated: cut.length > 0 ? cut : null,
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
