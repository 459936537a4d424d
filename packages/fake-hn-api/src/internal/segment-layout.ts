import { createPrng, type Random } from './prng';

/**
 * The generated id space is cut into segments of this many ids. Each segment's layout (which
 * id is what kind, which comment answers which item) is drawn from (seed, segment) alone, so an
 * item, its `kids` and its `descendants` can be computed from its id without memory. Threads
 * never cross a segment: at 600 items per hour a segment spans about 1.7 hours.
 */
export const SEGMENT_SIZE = 1024;

// Kinds of generated positions. Numbers, not strings: a layout is a few typed arrays.
/** Not generated: id 0, or an id of the curated block. */
export const KIND_NONE = 0;
/** The API answers `null`. */
export const KIND_NULL = 1;
export const KIND_STORY = 2;
export const KIND_ASK = 3;
export const KIND_SHOW = 4;
export const KIND_JOB = 5;
export const KIND_POLL = 6;
export const KIND_POLLOPT = 7;
export const KIND_COMMENT = 8;
export const KIND_DEAD_STORY = 9;
export const KIND_DEAD_COMMENT = 10;
export const KIND_DELETED_STORY = 11;
export const KIND_DELETED_COMMENT = 12;

/** Tombstone shapes: `{deleted, id, time, type}`, `{deleted, id, type}`, `{deleted, id}`. */
export const TOMBSTONE_FULL = 0;
export const TOMBSTONE_NO_TIME = 1;
export const TOMBSTONE_BARE = 2;

/** Options of every poll; all poll questions in the word lists have four. */
export const POLL_OPTIONS = 4;

// Shares of positions, close to the real site's mix.
const P_NULL = 0.005;
/** Live spaces only: a run of 2 to 6 ids answering `null` starts here. */
const P_NULL_RUN = 0.001;
const P_JOB = 0.003;
const P_POLL = 0.0005;
const P_STORY = 0.12;
// Within stories and comments.
const P_STORY_DELETED = 0.03;
const P_STORY_DEAD = 0.03;
const P_ASK = 0.07;
const P_SHOW = 0.07;
const P_COMMENT_DELETED = 0.025;
const P_COMMENT_DEAD = 0.015;
// Within tombstones.
const P_TOMBSTONE_FULL = 0.75;
const P_TOMBSTONE_NO_TIME = 0.15;
// A comment answers its thread's story with this probability, else a recent comment.
const P_REPLY_TO_STORY = 0.35;
const RECENT_ROOTS = 8;
const RECENT_COMMENTS = 64;

/** The kinds and links of one segment's ids; position `p` is id `base + p`. */
export interface SegmentLayout {
  readonly base: number;
  readonly kind: Uint8Array;
  /** Comments: position of the parent; pollopts: position of the poll; else -1. */
  readonly link: Int32Array;
  /** Comments: position of the thread's story or poll; else -1. */
  readonly root: Int32Array;
  /** Tombstones: their shape (`TOMBSTONE_*`). */
  readonly variant: Uint8Array;
}

/**
 * A 32-bit hash of a seed and two integers (murmur3's finalizer, chained). Every seed, including
 * a fractional or huge one, is reduced the way `createPrng` reduces it: truncated to 32 bits.
 */
export function hashInts(seed: number, a: number, b: number): number {
  let h = fmix((seed | 0) ^ 0x5bd1e995);
  h = fmix(h ^ (a | 0));
  return fmix(h ^ Math.imul(b | 0, 0x27d4eb2f));
}

function fmix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const LAYOUT_SALT = 0x1a7;

/** True for the kinds that carry `dead: true`. */
export function isDeadKind(kind: number): boolean {
  return kind === KIND_DEAD_STORY || kind === KIND_DEAD_COMMENT;
}

/** True for tombstones. */
export function isDeletedKind(kind: number): boolean {
  return kind === KIND_DELETED_STORY || kind === KIND_DELETED_COMMENT;
}

/** True for comments of every sort: live, dead and deleted. */
export function isCommentKind(kind: number): boolean {
  return kind === KIND_COMMENT || kind === KIND_DEAD_COMMENT || kind === KIND_DELETED_COMMENT;
}

/**
 * Draws the layout of segment `segment` (ids `segment * SEGMENT_SIZE` and on). Ids from
 * `reservedFrom` to `reservedTo` (the curated block) are left out, and no generated comment or
 * poll option points into them. The layout does not depend on `maxitem`: moving `maxitem`
 * forward only reveals more of it. `nullRuns` (live spaces) adds runs of ids that answer `null`.
 */
export function buildSegmentLayout(
  seed: number,
  segment: number,
  reservedFrom: number,
  reservedTo: number,
  nullRuns = false,
): SegmentLayout {
  const random = createPrng(hashInts(seed, segment, LAYOUT_SALT));
  const base = segment * SEGMENT_SIZE;
  const kind = new Uint8Array(SEGMENT_SIZE);
  const link = new Int32Array(SEGMENT_SIZE).fill(-1);
  const root = new Int32Array(SEGMENT_SIZE).fill(-1);
  const variant = new Uint8Array(SEGMENT_SIZE);
  // Positions that can be answered: live stories and polls (roots), live comments.
  const roots = new Int32Array(SEGMENT_SIZE);
  const comments = new Int32Array(SEGMENT_SIZE);
  let rootCount = 0;
  let commentCount = 0;
  let pendingOptions = 0;
  let pollAt = -1;

  const reserved = (id: number): boolean => id < 1 || (id >= reservedFrom && id <= reservedTo);
  const reservedAfter = (id: number, count: number): boolean => {
    for (let i = 1; i <= count; i++) if (reserved(id + i)) return true;
    return false;
  };

  for (let p = 0; p < SEGMENT_SIZE; p++) {
    const id = base + p;
    if (reserved(id)) continue;
    if (pendingOptions > 0) {
      kind[p] = KIND_POLLOPT;
      link[p] = pollAt;
      pendingOptions--;
      continue;
    }
    let u = random();
    if (nullRuns) {
      if (u < P_NULL_RUN) {
        const end = Math.min(SEGMENT_SIZE, p + 2 + Math.floor(random() * 5));
        for (; p < end && !reserved(base + p); p++) kind[p] = KIND_NULL;
        p--;
        continue;
      }
      u -= P_NULL_RUN;
    }
    if (u < P_NULL) {
      kind[p] = KIND_NULL;
      continue;
    }
    u -= P_NULL;
    if (u < P_JOB) {
      kind[p] = KIND_JOB;
      continue;
    }
    u -= P_JOB;
    if (u < P_POLL && p + POLL_OPTIONS < SEGMENT_SIZE && !reservedAfter(id, POLL_OPTIONS)) {
      // The options follow the poll at once, as when someone submits a poll.
      kind[p] = KIND_POLL;
      pollAt = p;
      pendingOptions = POLL_OPTIONS;
      roots[rootCount++] = p;
      continue;
    }
    u -= P_POLL;
    let parent = -1;
    if (u >= P_STORY) {
      const w = random();
      if (commentCount > 0 && (w >= P_REPLY_TO_STORY || rootCount === 0)) {
        parent = recent(random, comments, commentCount, RECENT_COMMENTS);
      } else if (rootCount > 0) {
        parent = recent(random, roots, rootCount, RECENT_ROOTS);
      }
    }
    // Without a parent: a story, or a comment with nothing to answer yet (a segment's start).
    const drawn = parent < 0 ? drawStoryKind(random) : drawCommentKind(random);
    kind[p] = drawn;
    if (isDeletedKind(drawn)) variant[p] = tombstone(random);
    if (parent >= 0) {
      link[p] = parent;
      root[p] = root[parent] === -1 ? parent : (root[parent] as number);
    }
    if (drawn === KIND_COMMENT) comments[commentCount++] = p;
    else if (drawn === KIND_STORY || drawn === KIND_ASK || drawn === KIND_SHOW) {
      roots[rootCount++] = p;
    }
  }
  return { base, kind, link, root, variant };
}

/** A live story's kind, or a dead or deleted story's. */
function drawStoryKind(random: Random): number {
  const v = random();
  if (v < P_STORY_DELETED) return KIND_DELETED_STORY;
  if (v < P_STORY_DELETED + P_STORY_DEAD) return KIND_DEAD_STORY;
  const w = v - P_STORY_DELETED - P_STORY_DEAD;
  return w < P_ASK ? KIND_ASK : w < P_ASK + P_SHOW ? KIND_SHOW : KIND_STORY;
}

/** A live comment's kind, or a dead or deleted comment's. */
function drawCommentKind(random: Random): number {
  const v = random();
  if (v < P_COMMENT_DELETED) return KIND_DELETED_COMMENT;
  if (v < P_COMMENT_DELETED + P_COMMENT_DEAD) return KIND_DEAD_COMMENT;
  return KIND_COMMENT;
}

/** A tombstone's shape (`TOMBSTONE_*`). */
function tombstone(random: Random): number {
  const r = random();
  return r < P_TOMBSTONE_FULL
    ? TOMBSTONE_FULL
    : r < P_TOMBSTONE_FULL + P_TOMBSTONE_NO_TIME
      ? TOMBSTONE_NO_TIME
      : TOMBSTONE_BARE;
}

/** One of the last `window` of `values[0..count)`, the most recent the likeliest. */
function recent(random: Random, values: Int32Array, count: number, window: number): number {
  const r = random();
  return values[count - 1 - Math.floor(r * r * Math.min(count, window))] as number;
}
