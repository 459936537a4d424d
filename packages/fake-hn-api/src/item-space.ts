import {
  createDataset,
  DATASET_FIRST_ID,
  DATASET_START_TIME,
  DEFAULT_SEED,
} from './create-dataset';
import type { Dataset } from './dataset';
import { FakeHnApiError } from './errors';
import { buildGeneratedItem } from './internal/generated-item';
import {
  finalScore,
  laterFate,
  scoreAt,
  timeJitter,
  virtualClock,
  VOLATILE_SECONDS,
  type LiveClockOptions,
} from './internal/live';
import {
  buildSegmentLayout,
  isCommentKind,
  isDeadKind,
  isDeletedKind,
  KIND_ASK,
  KIND_COMMENT,
  KIND_DEAD_COMMENT,
  KIND_DEAD_STORY,
  KIND_DELETED_COMMENT,
  KIND_DELETED_STORY,
  KIND_JOB,
  KIND_NONE,
  KIND_NULL,
  KIND_POLL,
  KIND_POLLOPT,
  KIND_SHOW,
  KIND_STORY,
  SEGMENT_SIZE,
  TOMBSTONE_BARE,
  TOMBSTONE_FULL,
  type SegmentLayout,
} from './internal/segment-layout';
import type { HnItem, HnItemType } from './item';

/** Items per hour of the generated clock unless told otherwise: about the real site's rate. */
export const DEFAULT_ITEMS_PER_HOUR = 600;

/**
 * `maxitem` of a generated space unless told otherwise (or the curated dataset's `maxItem` when
 * that is larger): 43,000,000, about 394,000 generated ids after the default curated block.
 */
export const DEFAULT_SPACE_MAX_ITEM = 43_000_000;

/** The largest `maxItem` a generated space accepts (2^31 - 1). */
export const MAX_SPACE_MAX_ITEM = 2_147_483_647;

/** Options of {@link createItemSpace}. */
export interface ItemSpaceOptions {
  /** Seeds the generated items and, unless `curated` is given, the curated dataset. Default 1. */
  seed?: number;
  /**
   * The largest id; ids above it answer `null`. Default {@link DEFAULT_SPACE_MAX_ITEM}, or the
   * curated dataset's `maxItem` if larger. An integer from 0 to {@link MAX_SPACE_MAX_ITEM}.
   */
  maxItem?: number;
  /** Rate of the generated clock, from 1 to 36,000,000. Default {@link DEFAULT_ITEMS_PER_HOUR}. */
  itemsPerHour?: number;
  /**
   * Items that take precedence over generated ones, with their lists. Default
   * `createDataset({ seed })`; `defineDataset({ items: [] })` gives a purely generated space.
   */
  curated?: Dataset;
  /**
   * A space at "now": `maxitem` follows the clock (the id whose time is the clock's), new items
   * arrive at `itemsPerHour`, and items change with time (see the README's "Live space").
   * `true` runs on `Date.now`; `{ clock, speed }` on an injected clock, `speed` times as fast.
   * Excludes `maxItem`.
   */
  live?: boolean | LiveClockOptions;
}

/** What `/v0/updates.json` answers: ids of items and names of users changed recently. */
export interface Updates {
  items: number[];
  profiles: string[];
}

/** A live space's `/v0/updates.json` lists what changed in this many seconds before now. */
export const UPDATES_WINDOW_SECONDS = 120;
/** The most ids, and users, `/v0/updates.json` lists. */
export const MAX_UPDATES = 200;
const MAX_PROFILES = 50;

/** An inclusive range of item ids. */
export interface IdRange {
  fromId: number;
  toId: number;
}

/** What a range of ids answers, by kind; see {@link ItemSpace.expectedCounts}. */
export interface ItemCounts {
  /** Ids counted: the range asked for, clipped to 1..`maxItem`. */
  ids: number;
  /** Ids that answer an item (`ids - missing`). */
  items: number;
  /** Ids that answer `null`. */
  missing: number;
  /** Items whose `type` is each type, dead and deleted ones included (tombstones may lack it). */
  byType: Record<HnItemType, number>;
  /** Tombstones (`deleted: true`). */
  deleted: number;
  /** Items with `dead: true`. */
  dead: number;
  /** Items without a `time` (some tombstones). */
  withoutTime: number;
}

/**
 * Every id from 1 to `maxItem`: the curated dataset's ids as they are, every other id generated
 * from (seed, id) on request, with `time` increasing with the id. Pure and deterministic: the
 * same options give the same answers, with no clock and no network. Generated items are not
 * kept; only a few segment layouts (1,024 ids each) are cached.
 */
export interface ItemSpace {
  readonly seed: number;
  readonly itemsPerHour: number;
  /** The largest id now; the server's `setMaxItem` moves it. */
  readonly maxItem: number;
  readonly curated: Dataset;
  /** True when `maxItem` follows a clock and items change with time (`live`). */
  readonly live: boolean;
  /** The space's time in Unix seconds: its clock's when live, else the time of `maxItem`. */
  now(): number;
  /** `maxitem` at a time (Unix seconds): the newest id timed at or before it. Live spaces only. */
  maxItemAt(time: number): number;
  /**
   * The ids the curated dataset occupies (its items and the ids between them that answer
   * `null`), or `undefined` when it has no items. Generated ids fill every other id.
   */
  readonly curatedIds: IdRange | undefined;
  /**
   * The item an id answers, exactly as the server serves it, or `null` (ids without an item, id
   * 0 and below, ids above `maxItem`). A live space answers as at `at` (Unix seconds, default
   * now): the same (seed, id, at) always gives the same item.
   */
  item(id: number, at?: number): HnItem | null;
  /**
   * What `/v0/updates.json` answers at `at` (default now): the items new or changed in the
   * {@link UPDATES_WINDOW_SECONDS} before it (new items, the items whose `kids` or `descendants`
   * they changed, scores that moved, items deleted or made dead), at most {@link MAX_UPDATES},
   * and their authors. Empty for a space that is not live.
   */
  updates(at?: number): Updates;
  /** The `time` the item at `id` carries, or `undefined` for `null` items and timeless tombstones. */
  itemTime(id: number): number | undefined;
  /**
   * The ids whose items were created in the window `[start, end)` (Unix seconds). An id without
   * a time (`null`, timeless tombstone) counts at the time of the next id that has one, so
   * consecutive windows partition the ids; ids after the last timed id belong to no window.
   * `undefined` when the window holds no id. O(log maxItem).
   *
   * @throws FakeHnApiError `INVALID_OPTIONS` for a start or end that is not a finite number.
   */
  idRangeForWindow(start: number, end: number): IdRange | undefined;
  /**
   * Counts by kind over the ids `fromId..toId` (inclusive, clipped to 1..`maxItem`), so a test
   * can assert exact numbers for an ingest of that range. O(toId - fromId).
   *
   * @throws FakeHnApiError `INVALID_OPTIONS` for bounds that are not integers.
   */
  expectedCounts(fromId: number, toId: number): ItemCounts;
}

/**
 * Builds the id space the server serves with `generatedSpace: true`, to compute expectations
 * without HTTP. Building the default curated dataset takes about 0.1 s; pass `curated` (e.g. a
 * server's `dataset`) to reuse one.
 *
 * @throws FakeHnApiError `INVALID_OPTIONS` for a bad seed, `maxItem` or `itemsPerHour`.
 */
export function createItemSpace(options: ItemSpaceOptions = {}): ItemSpace {
  return new ItemSpaceModel(options);
}

const LAYOUT_CACHE_SIZE = 32;

/** The clock never goes below the Unix epoch (slow rates would push the first ids before it). */
const MIN_TIME = 0;

/** {@link ItemSpace} with the mutator the server needs. */
export class ItemSpaceModel implements ItemSpace {
  readonly seed: number;
  readonly itemsPerHour: number;
  readonly curated: Dataset;
  readonly curatedIds: IdRange | undefined;
  readonly live: boolean;
  private readonly clock: (() => number) | undefined;
  private currentMaxItem: number;
  private readonly secondsPerItem: number;
  /** First and last id of the curated block; `blockTo < blockFrom` when it is empty. */
  private readonly blockFrom: number;
  private readonly blockTo: number;
  /** Earliest and latest curated times: the generated clock ends and restarts at them. */
  private readonly blockStartTime: number;
  private readonly blockEndTime: number;
  /** Curated ids that carry a time, ascending, for the window search. */
  private readonly curatedTimedIds: number[];
  private readonly layouts = new Map<number, SegmentLayout>();

  constructor(options: ItemSpaceOptions) {
    const seed = options.seed ?? DEFAULT_SEED;
    if (typeof seed !== 'number' || !Number.isFinite(seed)) {
      throw invalid(`seed must be a finite number, got ${String(seed)}`);
    }
    const itemsPerHour = options.itemsPerHour ?? DEFAULT_ITEMS_PER_HOUR;
    if (
      typeof itemsPerHour !== 'number' ||
      !Number.isFinite(itemsPerHour) ||
      itemsPerHour < 1 ||
      itemsPerHour > 36_000_000
    ) {
      throw invalid(
        `itemsPerHour must be a number from 1 to 36000000, got ${String(itemsPerHour)}`,
      );
    }
    this.seed = seed;
    this.itemsPerHour = itemsPerHour;
    this.live = options.live !== undefined && options.live !== false;
    this.clock = this.live
      ? liveClock(options.live === true ? {} : (options.live as LiveClockOptions))
      : undefined;
    if (this.live && options.maxItem !== undefined) {
      throw invalid('maxItem of a live space follows its clock: leave it out, or set the clock');
    }
    this.secondsPerItem = 3600 / itemsPerHour;
    this.curated = options.curated ?? createDataset({ seed });

    let minId = Infinity;
    let maxId = -Infinity;
    let minTime = Infinity;
    let maxTime = -Infinity;
    const timed: number[] = [];
    for (const [id, item] of this.curated.items) {
      minId = Math.min(minId, id);
      maxId = Math.max(maxId, id);
      if (item.time !== undefined) {
        minTime = Math.min(minTime, item.time);
        maxTime = Math.max(maxTime, item.time);
        timed.push(id);
      }
    }
    timed.sort((a, b) => a - b);
    this.curatedTimedIds = timed;
    if (maxId === -Infinity) {
      // No curated items: one straight line through the default dataset's anchor.
      this.blockFrom = DATASET_FIRST_ID;
      this.blockTo = DATASET_FIRST_ID - 1;
      this.curatedIds = undefined;
    } else {
      const first = 'firstItem' in this.curated ? Number(this.curated.firstItem) : minId;
      this.blockFrom = Math.min(first, minId);
      this.blockTo = Math.max(this.curated.maxItem, maxId);
      this.curatedIds = { fromId: this.blockFrom, toId: this.blockTo };
    }
    this.blockStartTime = minTime === Infinity ? DATASET_START_TIME : minTime;
    this.blockEndTime = maxTime === -Infinity ? this.blockStartTime : maxTime;

    const maxItem = options.maxItem ?? Math.max(DEFAULT_SPACE_MAX_ITEM, this.curated.maxItem);
    this.currentMaxItem = checkMaxItem(maxItem);
  }

  get maxItem(): number {
    return this.clock ? this.maxItemAt(this.clock()) : this.currentMaxItem;
  }

  now(): number {
    return this.clock ? this.clock() : this.lineTime(this.currentMaxItem);
  }

  maxItemAt(time: number): number {
    if (time < this.blockEndTime) return Math.max(0, this.blockTo);
    // lineTime(blockTo + 1 + k) = blockEndTime + floor(k * s): the largest k with that <= time.
    let id = this.blockTo + Math.ceil((time - this.blockEndTime + 1) / this.secondsPerItem);
    while (id > this.blockTo + 1 && this.lineTime(id) > time) id--;
    while (id < MAX_SPACE_MAX_ITEM && this.lineTime(id + 1) <= time) id++;
    return Math.min(MAX_SPACE_MAX_ITEM, id);
  }

  /**
   * Moves `maxItem`, e.g. forward to imitate new items arriving.
   *
   * @throws FakeHnApiError `INVALID_OPTIONS` unless an integer from 0 to {@link MAX_SPACE_MAX_ITEM}.
   */
  setMaxItem(maxItem: number): number {
    if (this.live) {
      throw invalid('maxitem of a live space follows its clock: inject a clock to move it');
    }
    this.currentMaxItem = checkMaxItem(maxItem);
    return this.currentMaxItem;
  }

  /** True when `id` belongs to the curated block, whose dataset answers it. */
  isCurated(id: number): boolean {
    return id >= this.blockFrom && id <= this.blockTo;
  }

  item(id: number, at?: number): HnItem | null {
    if (!Number.isSafeInteger(id) || id < 0 || id > MAX_SPACE_MAX_ITEM) return null;
    if (this.isCurated(id)) return id > this.maxItem ? null : (this.curated.items.get(id) ?? null);
    return this.generatedItem(id, at);
  }

  /** The item generated for an id outside the curated block, within 1..maxItem. */
  generatedItem(id: number, at?: number): HnItem | null {
    const now = this.clock ? (at ?? this.clock()) : undefined;
    const maxItem = now === undefined ? this.currentMaxItem : this.maxItemAt(now);
    if (id < 1 || id > maxItem) return null;
    const layout = this.layout(id);
    const p = id - layout.base;
    const limit = Math.min(SEGMENT_SIZE - 1, maxItem - layout.base);
    if (now === undefined)
      return buildGeneratedItem(this.seed, layout, p, this.lineTime(id), limit);
    const gone = (q: number): boolean =>
      this.fateAt(
        layout.base + q,
        this.lineTime(layout.base + q),
        now,
        layout.kind[q] as number,
      ) !== undefined;
    const time = this.liveTime(layout, p);
    const item = buildGeneratedItem(this.seed, layout, p, time, limit, gone);
    if (item === null || 'deleted' in item) return item;
    const fate = this.fateAt(id, time, now, layout.kind[p] as number);
    if (fate === 'deleted') return { deleted: true, id, time, type: item.type };
    const live = { ...item } as Record<string, unknown>;
    if (fate === 'dead') live.dead = true;
    if (item.type === 'story' || item.type === 'poll') {
      live.score = scoreAt(finalScore(this.seed, id), now - time);
    }
    return Object.fromEntries(
      Object.entries(live).sort(([a], [b]) => (a < b ? -1 : 1)),
    ) as unknown as HnItem;
  }

  itemTime(id: number): number | undefined {
    if (!Number.isSafeInteger(id) || id < 1 || id > this.maxItem) return undefined;
    if (this.isCurated(id)) return this.curated.items.get(id)?.time;
    const layout = this.layout(id);
    const p = id - layout.base;
    if (!hasTime(layout, p)) return undefined;
    return this.live ? this.liveTime(layout, p) : this.lineTime(id);
  }

  updates(at?: number): Updates {
    if (!this.clock) return { items: [], profiles: [] };
    const now = at ?? this.clock();
    const since = now - UPDATES_WINDOW_SECONDS;
    const maxItem = this.maxItemAt(now);
    const items: number[] = [];
    const listed = new Set<number>();
    const profiles = new Set<string>();
    const changed = (id: number): boolean =>
      JSON.stringify(this.item(id, now)) !== JSON.stringify(this.item(id, since));
    const add = (id: number): void => {
      if (items.length < MAX_UPDATES && !listed.has(id) && changed(id)) {
        listed.add(id);
        items.push(id);
      }
    };
    // New items, newest first, each followed by the items whose kids and descendants it changed.
    for (let id = maxItem; id > this.maxItemAt(since) && items.length < MAX_UPDATES; id--) {
      const item = this.item(id, now);
      if (item === null || this.isCurated(id)) continue;
      add(id);
      if ('by' in item && profiles.size < MAX_PROFILES) profiles.add(item.by);
      if (item.type === 'comment' && 'parent' in item) {
        const layout = this.layout(id);
        add(item.parent);
        add(layout.base + (layout.root[id - layout.base] as number));
      }
    }
    // Scores that moved, items deleted or made dead: among the ids of the last two days.
    const oldest = Math.max(1, this.maxItemAt(now - VOLATILE_SECONDS));
    for (let id = maxItem; id >= oldest && items.length < MAX_UPDATES; id--) {
      if (this.isCurated(id)) continue;
      const layout = this.layout(id);
      const p = id - layout.base;
      const kind = layout.kind[p] as number;
      if (!CHANGING_KINDS.has(kind)) continue;
      const time = this.liveTime(layout, p);
      const fate = laterFate(this.seed, id);
      const fateTime = fate === undefined ? Infinity : time + fate.age;
      const moved =
        (fateTime > since && fateTime <= now) ||
        (kind !== KIND_COMMENT &&
          scoreAt(finalScore(this.seed, id), now - time) !==
            scoreAt(finalScore(this.seed, id), since - time));
      if (moved) add(id);
    }
    return { items, profiles: [...profiles] };
  }

  /** A live item's time: its place on the clock, submissions up to two minutes before it. */
  private liveTime(layout: SegmentLayout, p: number): number {
    const id = layout.base + p;
    const kind = layout.kind[p] as number;
    const line = this.lineTime(id);
    return isCommentKind(kind) || kind === KIND_POLLOPT ? line : line - timeJitter(this.seed, id);
  }

  /** What has become of a live item by `now`: deleted, dead, or nothing. */
  private fateAt(
    id: number,
    time: number,
    now: number,
    kind: number,
  ): 'deleted' | 'dead' | undefined {
    if (!CHANGING_KINDS.has(kind)) return undefined;
    const fate = laterFate(this.seed, id);
    return fate !== undefined && now >= time + fate.age ? fate.kind : undefined;
  }

  idRangeForWindow(start: number, end: number): IdRange | undefined {
    if (typeof start !== 'number' || !Number.isFinite(start)) {
      throw invalid(`window start must be a finite number of Unix seconds, got ${String(start)}`);
    }
    if (typeof end !== 'number' || !Number.isFinite(end)) {
      throw invalid(`window end must be a finite number of Unix seconds, got ${String(end)}`);
    }
    if (end <= start) return undefined;
    const fromId = this.firstIdAtOrAfter(start);
    const toId = this.firstIdAtOrAfter(end) - 1;
    return fromId <= toId ? { fromId, toId } : undefined;
  }

  expectedCounts(fromId: number, toId: number): ItemCounts {
    if (!Number.isSafeInteger(fromId) || !Number.isSafeInteger(toId)) {
      throw invalid(`fromId and toId must be integers, got ${fromId} and ${toId}`);
    }
    const counts: ItemCounts = {
      ids: 0,
      items: 0,
      missing: 0,
      byType: { story: 0, comment: 0, job: 0, poll: 0, pollopt: 0 },
      deleted: 0,
      dead: 0,
      withoutTime: 0,
    };
    const now = this.now();
    const last = Math.min(toId, this.live ? this.maxItemAt(now) : this.currentMaxItem);
    for (let id = Math.max(1, fromId); id <= last; id++) {
      counts.ids++;
      if (this.isCurated(id) || this.live) {
        const item = this.isCurated(id) ? this.curated.items.get(id) : this.item(id, now);
        if (!item) {
          counts.missing++;
          continue;
        }
        counts.items++;
        if (item.type !== undefined) counts.byType[item.type]++;
        if ('deleted' in item) counts.deleted++;
        if ('dead' in item && item.dead) counts.dead++;
        if (item.time === undefined) counts.withoutTime++;
        continue;
      }
      const layout = this.layout(id);
      const p = id - layout.base;
      const kind = layout.kind[p] as number;
      if (kind === KIND_NULL || kind === KIND_NONE) {
        counts.missing++;
        continue;
      }
      counts.items++;
      const type = typeOf(layout, p);
      if (type !== undefined) counts.byType[type]++;
      if (isDeletedKind(kind)) counts.deleted++;
      if (isDeadKind(kind)) counts.dead++;
      if (!hasTime(layout, p)) counts.withoutTime++;
    }
    return counts;
  }

  /**
   * The generated clock: a line at `secondsPerItem` that ends at the curated block's first time
   * and starts again at its last time, so `time` never decreases across the block.
   */
  private lineTime(id: number): number {
    if (id < this.blockFrom) {
      const t = this.blockStartTime + Math.floor((id - this.blockFrom) * this.secondsPerItem);
      return Math.max(MIN_TIME, t);
    }
    return this.blockEndTime + Math.floor((id - this.blockTo - 1) * this.secondsPerItem);
  }

  /** The smallest id whose own time, or the time of the next timed id, is at least `t`. */
  private firstIdAtOrAfter(t: number): number {
    const maxItem = this.maxItem;
    let lo = 1;
    let hi = maxItem + 1;
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.effectiveTime(mid, maxItem) >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The time of the first id at or after `id` that has one; Infinity when none does. */
  private effectiveTime(from: number, maxItem: number): number {
    let id = from;
    while (id <= maxItem) {
      if (this.isCurated(id)) {
        const next = this.nextTimedCurated(id);
        if (next !== undefined && next <= maxItem) {
          return this.curated.items.get(next)?.time as number;
        }
        if (next !== undefined) return Infinity;
        id = this.blockTo + 1;
        continue;
      }
      const time = this.itemTime(id);
      if (time !== undefined) return time;
      id++;
    }
    return Infinity;
  }

  private nextTimedCurated(id: number): number | undefined {
    const ids = this.curatedTimedIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ids[mid] as number) < id) lo = mid + 1;
      else hi = mid;
    }
    const next = ids[lo];
    return next !== undefined && next <= this.blockTo ? next : undefined;
  }

  private layout(id: number): SegmentLayout {
    const segment = Math.floor(id / SEGMENT_SIZE);
    let layout = this.layouts.get(segment);
    if (!layout) {
      layout = buildSegmentLayout(this.seed, segment, this.blockFrom, this.blockTo, this.live);
      if (this.layouts.size >= LAYOUT_CACHE_SIZE) {
        this.layouts.delete(this.layouts.keys().next().value as number);
      }
      this.layouts.set(segment, layout);
    }
    return layout;
  }
}

/** Live kinds that can still change: stories, Ask HN, Show HN, polls, comments. */
const CHANGING_KINDS = new Set([KIND_STORY, KIND_ASK, KIND_SHOW, KIND_POLL, KIND_COMMENT]);

function liveClock(options: LiveClockOptions): () => number {
  if (typeof options !== 'object' || options === null) {
    throw invalid(`live must be true or { clock, speed }, got ${String(options)}`);
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw invalid('live.clock must be a function returning epoch milliseconds, like Date.now');
  }
  const speed = options.speed ?? 1;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0 || speed > 100_000) {
    throw invalid(`live.speed must be a number from 0 to 100000, got ${String(speed)}`);
  }
  return virtualClock(options);
}

function hasTime(layout: SegmentLayout, p: number): boolean {
  const kind = layout.kind[p] as number;
  if (kind === KIND_NULL || kind === KIND_NONE) return false;
  return !isDeletedKind(kind) || layout.variant[p] === TOMBSTONE_FULL;
}

function typeOf(layout: SegmentLayout, p: number): HnItemType | undefined {
  switch (layout.kind[p]) {
    case KIND_STORY:
    case KIND_ASK:
    case KIND_SHOW:
    case KIND_DEAD_STORY:
      return 'story';
    case KIND_COMMENT:
    case KIND_DEAD_COMMENT:
      return 'comment';
    case KIND_JOB:
      return 'job';
    case KIND_POLL:
      return 'poll';
    case KIND_POLLOPT:
      return 'pollopt';
    case KIND_DELETED_STORY:
      return layout.variant[p] === TOMBSTONE_BARE ? undefined : 'story';
    case KIND_DELETED_COMMENT:
      return layout.variant[p] === TOMBSTONE_BARE ? undefined : 'comment';
    default:
      return undefined;
  }
}

/**
 * Validates a `maxItem`.
 *
 * @throws FakeHnApiError `INVALID_OPTIONS` unless an integer from 0 to {@link MAX_SPACE_MAX_ITEM}.
 */
export function checkMaxItem(maxItem: number): number {
  if (!Number.isSafeInteger(maxItem) || maxItem < 0 || maxItem > MAX_SPACE_MAX_ITEM) {
    throw invalid(`maxItem must be an integer from 0 to ${MAX_SPACE_MAX_ITEM}, got ${maxItem}`);
  }
  return maxItem;
}

function invalid(message: string): FakeHnApiError {
  return new FakeHnApiError('INVALID_OPTIONS', message);
}
