import { STORY_LISTS, type StoryList } from './story-lists';

/**
 * Optional input of `HackerNewsWorkflow`. Started with no input, the workflow does what the
 * tutorial does: the top 10 stories, returned as an array.
 */
export interface HackerNewsInput {
  /** How many stories, 1 to 500. Default 10. */
  limit?: number;
  /** Which list: top, new, best, ask, show or job. Default `top`. */
  list?: StoryList;
  /** How many of the most frequent title words to report, 0 to 100. Default 10. */
  topWords?: number;
  /** Most Hacker News requests in flight for the whole run, 1 to 200. Default 20. */
  concurrency?: number;
  /** Items per `fetchStories` activity, 1 to 100. Default 50. */
  chunkSize?: number;
  /**
   * `bounded` (default): at most 8 attempts per activity, backoff 1 s doubling to 30 s, so an
   * outage of about 90 s is ridden out and a longer one ends the run.
   * `forever`: the tutorial's behaviour, retrying until the API answers.
   */
  retry?: 'bounded' | 'forever';
  /** Save the run through the worker's `storeRun` activity. Default true. */
  store?: boolean;
  /**
   * `stories` (default): the result is the array of stories, as in the tutorial.
   * `report`: the result is a `HackerNewsReport` with top words, skipped items and
   * what is new since the previous scheduled run.
   */
  output?: 'stories' | 'report';
}

/** {@link HackerNewsInput} with every default applied. */
export type ResolvedInput = Required<HackerNewsInput>;

/** The defaults of {@link HackerNewsInput}. */
export const DEFAULT_INPUT: Readonly<ResolvedInput> = Object.freeze({
  limit: 10,
  list: 'top',
  topWords: 10,
  concurrency: 20,
  chunkSize: 50,
  retry: 'bounded',
  store: true,
  output: 'stories',
});

/** Largest `limit`: the Hacker News API's lists hold at most 500 ids. */
export const MAX_LIMIT = 500;

const INTEGER_RANGES = {
  limit: [1, MAX_LIMIT],
  topWords: [0, 100],
  concurrency: [1, 200],
  chunkSize: [1, 100],
} as const;

const CHOICES = {
  list: STORY_LISTS,
  retry: ['bounded', 'forever'],
  output: ['stories', 'report'],
} as const;

/**
 * Checks a `HackerNewsWorkflow` input and applies defaults. Returns every problem found, not just
 * the first, so a caller fixes its input in one go. The workflow runs it first and fails with
 * `InvalidInput` on any problem; clients run it to reject bad flags before starting a run.
 */
export function resolveInput(raw: unknown): { input: ResolvedInput; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { input: { ...DEFAULT_INPUT }, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      input: { ...DEFAULT_INPUT },
      problems: [`input must be an object such as { "limit": 10 }, got ${describe(raw)}`],
    };
  }
  const given = raw as Record<string, unknown>;
  const known = Object.keys(DEFAULT_INPUT);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) problems.push(`unknown option "${key}" (known: ${known.join(', ')})`);
  }
  for (const [key, [min, max]] of Object.entries(INTEGER_RANGES)) {
    const value = given[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be an integer from ${min} to ${max}, got ${describe(value)}`);
    }
  }
  for (const [key, choices] of Object.entries(CHOICES)) {
    const value = given[key];
    if (value !== undefined && !(choices as readonly unknown[]).includes(value)) {
      problems.push(`${key} must be one of ${choices.join(', ')}, got ${describe(value)}`);
    }
  }
  if (given.store !== undefined && typeof given.store !== 'boolean') {
    problems.push(`store must be true or false, got ${describe(given.store)}`);
  }
  const input = { ...DEFAULT_INPUT };
  for (const key of known) {
    if (given[key] !== undefined) (input as Record<string, unknown>)[key] = given[key];
  }
  return { input, problems };
}

/** How a bad value is named in a problem message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}
