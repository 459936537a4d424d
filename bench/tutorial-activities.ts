import { toStoryOutcome, type HackerNewsClient } from '@hn/activities';
import type { Story } from '@hn/contract';
import { Context } from '@temporalio/activity';

/**
 * The tutorial's activities, for comparison only: the list of ids, then every item fetched one
 * after another inside a single activity.
 */
export function createTutorialActivities(client: HackerNewsClient) {
  return {
    /** The first `limit` ids of the top stories. */
    async fetchTopIds(limit: number): Promise<number[]> {
      return (await client.storyIds('top')).slice(0, limit);
    },

    /**
     * Fetches `ids` sequentially and keeps the ones that are stories. Stops at once when the
     * worker shuts down.
     */
    async fetchSequential(ids: number[]): Promise<Story[]> {
      const { cancellationSignal: signal } = Context.current();
      const stories: Story[] = [];
      for (const id of ids) {
        const outcome = toStoryOutcome(id, await client.item(id, { signal }));
        if (outcome.kind === 'story') stories.push(outcome.story);
      }
      return stories;
    },
  };
}

/** The activities {@link createTutorialActivities} returns. */
export type TutorialActivities = ReturnType<typeof createTutorialActivities>;
