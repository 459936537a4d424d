/** Task queue the Hacker News pipeline's workers poll (the tutorial's `TASK_QUEUE_NAME`). */
export const TASK_QUEUE = 'hackernews-task-queue';

/** Workflow type of the top-stories pipeline, `HackerNewsWorkflow` of `@hn/workflows`. */
export const WORKFLOW_TYPE = 'HackerNewsWorkflow';

/**
 * Workflow id the tutorial's starter uses. Scheduled runs use it as a prefix: Temporal appends
 * the scheduled time, e.g. `hackernews-workflow-2025-01-01T10:00:00Z`.
 */
export const DEFAULT_WORKFLOW_ID = 'hackernews-workflow';

/** Schedule id of the top-stories pipeline's Schedule when none is given. */
export const DEFAULT_SCHEDULE_ID = 'hackernews-schedule';

/** Workflow type of the item ingest, `HackerNewsIngestWorkflow` of `@hn/workflows`. */
export const INGEST_WORKFLOW_TYPE = 'HackerNewsIngestWorkflow';

/** Workflow type of the partition backfill, `HackerNewsBackfillWorkflow` of `@hn/workflows`. */
export const BACKFILL_WORKFLOW_TYPE = 'HackerNewsBackfillWorkflow';

/** Workflow id of a partition backfill when none is given. */
export const DEFAULT_BACKFILL_WORKFLOW_ID = 'hackernews-backfill';

/**
 * Workflow id of item ingests when none is given; scheduled runs use it as a prefix and Temporal
 * appends the scheduled time, e.g. `hackernews-ingest-2025-01-01T10:00:00Z`.
 */
export const DEFAULT_INGEST_WORKFLOW_ID = 'hackernews-ingest';

/** Schedule id of the hourly item ingest's Schedule: each run ingests the hour ending at its time. */
export const INGEST_SCHEDULE_ID = 'hackernews-ingest';

/**
 * The custom search attributes the pipeline's runs carry, so `temporal workflow list --query` and
 * the Web UI find a partition's run. Each
 * has the SDK's type name (`SearchAttributeType`) and the CLI's (`temporal server start-dev
 * --search-attribute NAME=TYPE`). A server must have them registered before a run sets them:
 * upserting an unregistered attribute fails the workflow task.
 *
 * - `pipeline`: `HnPipeline`, Keyword: `ingest` for `HackerNewsIngestWorkflow`, `backfill` for
 *   `HackerNewsBackfillWorkflow`.
 * - `partitionKey`: `HnPartitionKey`, Keyword: the run's partition key, the one its partition row
 *   in the item store has (`window:<start>/<end>` or `ids:<from>..<to>`); for an exact lookup.
 * - `partitionStart` / `partitionEnd`: `HnPartitionStart` / `HnPartitionEnd`, Datetime: the
 *   window an ingest run covers (unset for an id-range ingest); for ranges, e.g.
 *   `HnPartitionStart >= '2026-01-01T00:00:00Z' AND HnPartitionStart < '2026-01-02T00:00:00Z'`.
 *   Query them with ranges, not `=`: the dev server's SQLite visibility matches no Datetime by
 *   equality.
 */
export const SEARCH_ATTRIBUTES = {
  pipeline: { name: 'HnPipeline', type: 'KEYWORD', cliType: 'Keyword' },
  partitionKey: { name: 'HnPartitionKey', type: 'KEYWORD', cliType: 'Keyword' },
  partitionStart: { name: 'HnPartitionStart', type: 'DATETIME', cliType: 'Datetime' },
  partitionEnd: { name: 'HnPartitionEnd', type: 'DATETIME', cliType: 'Datetime' },
} as const;

/** Values of the `HnPipeline` search attribute. */
export const PIPELINE_NAMES = {
  ingest: 'ingest',
  backfill: 'backfill',
  topStories: 'top-stories',
} as const;

/**
 * The dev server's `--search-attribute NAME=TYPE` arguments registering every attribute of
 * {@link SEARCH_ATTRIBUTES}.
 */
export function searchAttributeArgs(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).flatMap(({ name, cliType }) => [
    '--search-attribute',
    `${name}=${cliType}`,
  ]);
}
