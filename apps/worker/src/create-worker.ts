import { createActivities, createHackerNewsClient } from '@hn/activities';
import {
  createFollowStore,
  createStore,
  parseDestinationUrl,
  type SqlStore,
  type StoreConfig,
} from '@hn/storage';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { workflowSource, type WorkflowSource } from './bundle';
import type { WorkerConfig } from './config';

/** The worker the app runs, with what it owns: close it once `worker.run()` has returned. */
export interface PipelineWorker {
  worker: Worker;
  /** The workflow code it runs: the prebuilt bundle or the workflows bundled at start-up. */
  source: WorkflowSource;
  /** Where it stores runs and items; undefined for `HN_DESTINATION=none`. */
  destination: StoreConfig | undefined;
  /** Closes the Hacker News client and the store (not the connection, which the caller owns). */
  close: () => Promise<void>;
}

/**
 * Builds the app's worker on `connection`: the Hacker News client and the store from `config`,
 * the activities of `@hn/activities` on them, the workflow code `config.workflowBundle` chooses
 * (`workflowSource`) and the concurrency and shutdown settings of `config`.
 *
 * @throws Error when the prebuilt bundle is missing, storage's errors when the destination
 * cannot be opened or written (`NOT_WRITABLE`), the SDK's when the worker cannot be created; nothing is left open then.
 */
export async function createPipelineWorker(
  config: WorkerConfig,
  connection: NativeConnection,
  namespace: string,
): Promise<PipelineWorker> {
  const source = workflowSource(config.workflowBundle);
  const destination =
    config.destination === 'none' ? undefined : parseDestinationUrl(config.destination);
  const client = createHackerNewsClient({
    baseUrl: config.apiUrl,
    maxConcurrency: config.httpConcurrency,
    timeoutMs: config.httpTimeoutMs,
  });
  let store: SqlStore | undefined;
  const close = async () => {
    await client.close();
    await store?.close();
  };
  try {
    store = destination ? await createStore(destination) : undefined;
    // A destination that opens but cannot be written (a read-only file or folder, a PostgreSQL
    // user without the rights) would fail the first save, after its retries: fail now instead.
    await store?.assertWritable();
    const worker = await Worker.create({
      connection,
      namespace,
      taskQueue: config.taskQueue,
      ...(source.kind === 'bundle'
        ? { workflowBundle: source.workflowBundle }
        : { workflowsPath: source.workflowsPath }),
      activities: createActivities({
        client,
        store,
        items: store,
        ...(store ? { follow: createFollowStore(store.db) } : {}),
      }),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTasks,
      shutdownGraceTime: config.shutdownGraceMs,
    });
    return { worker, source, destination, close };
  } catch (error) {
    await close();
    throw error;
  }
}
