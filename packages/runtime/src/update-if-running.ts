import { WorkflowNotFoundError, type Client, type UpdateDefinition } from '@temporalio/client';

/**
 * Sends `update` to the workflow `workflowId` when it is running and returns its answer;
 * `undefined`, sending nothing, when no such workflow runs (never started, or closed). For an
 * update that ends a long-running workflow, such as the follower's stop.
 *
 * ```ts
 * const final = await updateIfRunning(client, followWorkflowId(taskQueue, destination), stopFollowUpdate);
 * ```
 */
export async function updateIfRunning<Ret>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, []>,
): Promise<Ret | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  const running = await handle.describe().then(
    (description) => description.status.name === 'RUNNING',
    (error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    },
  );
  return running ? await handle.executeUpdate(update) : undefined;
}
