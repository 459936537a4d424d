/**
 * Temporal task priority of each kind of run, for workers that serve the follower, the ingest
 * schedule and backfills from one task queue: when their slots are full, the server hands out
 * waiting tasks lowest key first, so live work goes ahead of history. Activities and child
 * workflows inherit their workflow's priority unless started with their own.
 *
 * - `follow` (1): `HackerNewsFollowWorkflow`, whose lag is what a user of a live mirror sees.
 * - `scheduledIngest` (2): each run of the ingest schedule, which stores the hour just ended.
 * - `backfill` (4): the partition runs of `HackerNewsBackfillWorkflow`, behind the rest; within
 *   that level, each backfill has its own fairness key ({@link backfillPriority}), so two
 *   backfills share the workers instead of the first one's backlog going first.
 *
 * Anything started without a priority runs at the server's default, 3. The server honours keys
 * with its priority matcher (`matching.useNewMatcher`) and fairness keys with
 * `matching.enableFairness`, both on in the dev servers of `@hn/testing`.
 */
export const PRIORITY_KEYS = {
  follow: 1,
  scheduledIngest: 2,
  backfill: 4,
} as const;

/** A run's priority, in the shape the Temporal SDK's `priority` options take. */
export interface RunPriority {
  priorityKey: number;
  fairnessKey?: string;
}

/** Most bytes of a fairness key the server takes. */
export const MAX_FAIRNESS_KEY_BYTES = 64;

/** Priority of the follower: `priority` of its start (or signal-with-start). */
export const FOLLOW_PRIORITY: RunPriority = { priorityKey: PRIORITY_KEYS.follow };

/** Priority of the runs the ingest schedule starts: its action's `priority`. */
export const SCHEDULED_INGEST_PRIORITY: RunPriority = {
  priorityKey: PRIORITY_KEYS.scheduledIngest,
};

/**
 * Priority of a backfill's partition runs: {@link PRIORITY_KEYS}.backfill, with the backfill's
 * workflow id as fairness key. An id longer than 64 bytes (or not printable ASCII) becomes its
 * printable prefix and a hash of the whole id, 64 characters in all.
 */
export function backfillPriority(backfillWorkflowId: string): RunPriority {
  return { priorityKey: PRIORITY_KEYS.backfill, fairnessKey: fairnessKeyOf(backfillWorkflowId) };
}

/** `id` itself when it is printable ASCII of at most 64 bytes, else a prefix and its hash. */
export function fairnessKeyOf(id: string): string {
  if (id.length <= MAX_FAIRNESS_KEY_BYTES && /^[\x20-\x7e]*$/.test(id)) return id;
  const hash = fnv1a32(id).toString(16).padStart(8, '0');
  const prefix = id.replace(/[^\x20-\x7e]/g, '_').slice(0, MAX_FAIRNESS_KEY_BYTES - 9);
  return `${prefix}~${hash}`;
}

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
