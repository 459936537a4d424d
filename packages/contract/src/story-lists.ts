/** The Hacker News story lists, as named by the API's `/v0/{list}stories.json` endpoints. */
export const STORY_LISTS = ['top', 'new', 'best', 'ask', 'show', 'job'] as const;

/** One of the Hacker News story lists, e.g. `'top'` for `/v0/topstories.json`. */
export type StoryList = (typeof STORY_LISTS)[number];

/** True when `value` names one of the {@link STORY_LISTS}. */
export function isStoryList(value: unknown): value is StoryList {
  return typeof value === 'string' && (STORY_LISTS as readonly string[]).includes(value);
}
