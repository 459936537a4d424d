/**
 * The story lists the Hacker News API serves at `/v0/{name}stories.json`, in the order the
 * fake server documents them.
 */
export const STORY_LIST_NAMES = ['top', 'new', 'best', 'ask', 'show', 'job'] as const;

/** One of the story lists, e.g. `'top'` for `/v0/topstories.json`. */
export type StoryListName = (typeof STORY_LIST_NAMES)[number];

/** True when `value` names a story list. */
export function isStoryListName(value: unknown): value is StoryListName {
  return typeof value === 'string' && (STORY_LIST_NAMES as readonly string[]).includes(value);
}
