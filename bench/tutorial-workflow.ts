import type { Story } from '@hn/contract';
import { proxyActivities } from '@temporalio/workflow';
import type { TutorialActivities } from './tutorial-activities';

const { fetchTopIds, fetchSequential } = proxyActivities<TutorialActivities>({
  startToCloseTimeout: '30 minutes',
});

/**
 * The tutorial's design, for comparison only: one activity lists the ids, one activity fetches
 * the items one after another.
 */
export async function TutorialWorkflow(limit: number): Promise<Story[]> {
  const ids = await fetchTopIds(limit);
  return fetchSequential(ids);
}
