import { describe } from './describe';
import {
  InputProblem,
  checkKnownKeys,
  inputFieldNames,
  isRecord,
  optionDefaults,
  readOptions,
  type FieldNames,
  type OptionValues,
} from './options';
import { STORY_LISTS, type StoryList } from './story-lists';

export { describe };

/** Largest `limit`: the Hacker News API's lists hold at most 500 ids. */
export const MAX_LIMIT = 500;

/**
 * The options of `HackerNewsWorkflow`'s input, one row each: the workflow's checks, the
 * starter's flags, their help and their errors all come from here.
 */
export const TOP_STORIES_OPTIONS = Object.freeze({
  limit: { type: 'integer', min: 1, max: MAX_LIMIT, default: 10, doc: 'stories to fetch' },
  list: { type: 'choice', choices: STORY_LISTS, default: 'top', doc: 'which story list' },
  topWords: {
    type: 'integer',
    min: 0,
    max: 100,
    default: 10,
    doc: 'most frequent title words to report',
  },
  concurrency: {
    type: 'integer',
    min: 1,
    max: 200,
    default: 20,
    doc: 'Hacker News requests in flight',
  },
  chunkSize: { type: 'integer', min: 1, max: 100, default: 50, doc: 'items per activity' },
  retry: {
    type: 'choice',
    choices: ['bounded', 'forever'],
    default: 'bounded',
    doc: "retry policy (forever is the tutorial's behaviour)",
  },
  store: { type: 'boolean', default: true, doc: "save the run to the worker's destination" },
  output: {
    type: 'choice',
    choices: ['stories', 'report'],
    default: 'stories',
    doc: 'what the run returns',
  },
} as const);

/**
 * Optional input of `HackerNewsWorkflow`. Started with no input, the workflow does what the
 * tutorial does: the top 10 stories, returned as an array. Each option's range, default and doc
 * are its row of {@link TOP_STORIES_OPTIONS}.
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

// The interface above and the table agree, or this fails to compile.
const _sameShape: OptionValues<typeof TOP_STORIES_OPTIONS> = {} as ResolvedInput;
void _sameShape;

/** The defaults of {@link HackerNewsInput}. */
export const DEFAULT_INPUT: Readonly<ResolvedInput> = Object.freeze(
  optionDefaults(TOP_STORIES_OPTIONS),
);

/**
 * Checks a `HackerNewsWorkflow` input and applies defaults. Returns every problem found, not just
 * the first, so a caller fixes its input in one go. The workflow runs it first and fails with
 * `InvalidInput` on any problem; clients run it to reject bad flags before starting a run, naming
 * fields with their own `names` (see {@link FieldNames}).
 */
export function resolveInput(
  raw: unknown,
  names: FieldNames = inputFieldNames,
): { input: ResolvedInput; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  if (raw === undefined || raw === null) return { input: { ...DEFAULT_INPUT }, problems };
  if (!isRecord(raw)) {
    problems.push(
      new InputProblem('', `input must be an object such as { "limit": 10 }, got ${describe(raw)}`),
    );
    return { input: { ...DEFAULT_INPUT }, problems };
  }
  checkKnownKeys(raw, Object.keys(TOP_STORIES_OPTIONS), problems);
  return { input: readOptions(TOP_STORIES_OPTIONS, raw, problems, names), problems };
}
