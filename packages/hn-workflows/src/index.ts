// The workflow module: a worker's `workflowsPath` loads it and resolves each workflow type as
// `module[workflowType]`, so every function exported here is a workflow, and nothing else is.
// Helpers live in `@hn/contract` (input rules, report guards) or stay internal.
export {
  BACKFILL_WORKFLOW_TYPE,
  DEFAULT_BACKFILL_WORKFLOW_ID,
  DEFAULT_INGEST_WORKFLOW_ID,
  DEFAULT_WORKFLOW_ID,
  INGEST_WORKFLOW_TYPE,
  WORKFLOW_TYPE,
  type BackfillMode,
  type BackfillProgress,
  type FailedPartition,
  type HackerNewsBackfillInput,
  type HackerNewsBackfillResult,
  type HackerNewsIngestInput,
  type HackerNewsIngestResult,
  type IngestFailureDetails,
  type IngestPhase,
  type IngestProgress,
  type HackerNewsInput,
  type HackerNewsReport,
  type HackerNewsResult,
  type Phase,
  type Progress,
} from '@hn/contract';

export { HackerNewsBackfillWorkflow, backfillProgressQuery } from './hacker-news-backfill-workflow';
export { HackerNewsIngestWorkflow, ingestProgressQuery } from './hacker-news-ingest-workflow';
export {
  HackerNewsFollowWorkflow,
  attachFollowSignal,
  followStatusQuery,
  stopFollowUpdate,
} from './hacker-news-follow-workflow';
export { HackerNewsWorkflow } from './hacker-news-workflow';

export { progressQuery } from './progress';
export { BOUNDED_RETRY, FOREVER_RETRY } from './retry';
