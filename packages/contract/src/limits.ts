/**
 * The most bytes any one payload of the pipeline may take on its way through Temporal (the
 * UTF-8 JSON that the default data converter writes): every activity input and result, heartbeat
 * detail, failure detail and workflow result stays under it, whatever the Hacker News API serves.
 * It is Temporal's warning threshold for a payload, a quarter of the 2 MB at which a workflow
 * task fails for good.
 */
export const PAYLOAD_BUDGET_BYTES = 512 * 1024;

/**
 * The share of {@link PAYLOAD_BUDGET_BYTES} that a run's stories and skipped items may take
 * together. Each of a run's ids gets `ITEMS_BUDGET_BYTES / ids` of it (at least
 * {@link MIN_ENTRY_BYTES}); the rest of the budget holds top words, `newStoryIds` and the envelope.
 */
export const ITEMS_BUDGET_BYTES = 448 * 1024;

/**
 * The smallest per-item share a `fetchStories` call accepts: room for a story whose title and
 * author are cut to nothing and whose url is the item's page, with every flag set.
 */
export const MIN_ENTRY_BYTES = 512;

/**
 * Size caps on what the pipeline keeps of an item, in UTF-16 code units (JavaScript string
 * length), cut at a code point boundary. The Hacker News site allows 80 characters in a title and
 * 15 in a user name, but the API can serve anything: a longer field is cut to its cap and
 * flagged, never a failure.
 */
export const FIELD_LIMITS = {
  /** Story title: five times the site's 80 characters. */
  title: 400,
  /** Author (`by`): the site allows 15 characters. */
  by: 64,
  /** Item url; a longer one is replaced by the item's page (a cut URL points elsewhere). */
  url: 2048,
  /** Item text (HTML: Ask HN posts, comments, jobs). */
  text: 32_768,
  /** A skipped item's `detail` or a failure message carried for one id. */
  detail: 500,
  /** Comment ids (`kids`) of one item. */
  kids: 10_000,
  /** Option ids (`parts`) of one poll. */
  parts: 1_000,
  /** A title word counted by `topWords`; a longer run of letters is not counted. */
  word: 64,
} as const;
