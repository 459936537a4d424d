import type { StoryList } from './story-lists';
import type { SkippedItem, Story, WordCount } from './types';

/** The full result of a run, returned when the input says `output: 'report'`. */
export interface HackerNewsReport {
  list: StoryList;
  /** Stories in list order. */
  stories: Story[];
  /** The most frequent title words, most frequent first. */
  topWords: WordCount[];
  /** Items that produced no story, with the reason. */
  skipped: SkippedItem[];
  /**
   * Ids of stories that were not in the previous scheduled run's result, in list order; `null`
   * when there is no previous run to compare with (a first or unscheduled run).
   */
  newStoryIds: number[] | null;
  /** Whether the worker's destination saved the run. */
  stored: boolean;
}

/** What `HackerNewsWorkflow` returns: stories (the default) or a full report. */
export type HackerNewsResult = Story[] | HackerNewsReport;

/** Tells a report from the tutorial's array of stories. */
export function isHackerNewsReport(result: unknown): result is HackerNewsReport {
  return (
    typeof result === 'object' && result !== null && !Array.isArray(result) && 'stories' in result
  );
}

/** The story ids of a previous run's result, whichever output it used; `null` if unknown. */
export function storyIdsOf(previous: unknown): Set<number> | null {
  const stories = Array.isArray(previous)
    ? previous
    : isHackerNewsReport(previous)
      ? previous.stories
      : null;
  if (!stories) return null;
  const ids = new Set<number>();
  for (const story of stories as unknown[]) {
    const id = (story as { id?: unknown } | null)?.id;
    if (typeof id === 'number') ids.add(id);
  }
  return ids;
}
