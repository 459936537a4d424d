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

/**
 * Workflow id of item ingests when none is given; scheduled runs use it as a prefix and Temporal
 * appends the scheduled time, e.g. `hackernews-ingest-2025-01-01T10:00:00Z`.
 */
export const DEFAULT_INGEST_WORKFLOW_ID = 'hackernews-ingest';
