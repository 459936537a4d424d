/** Task queue the Hacker News pipeline's workers poll (the tutorial's `TASK_QUEUE_NAME`). */
export const TASK_QUEUE = 'hackernews-task-queue';

/** Workflow type name registered by {@link HackerNewsWorkflow}. */
export const WORKFLOW_TYPE = 'HackerNewsWorkflow';

/** Workflow id the tutorial's starter uses; scheduled runs append a timestamp to it. */
export const DEFAULT_WORKFLOW_ID = 'hackernews-workflow';
