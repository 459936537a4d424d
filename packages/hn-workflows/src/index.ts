// The workflow module: a worker's `workflowsPath` loads it and resolves each workflow type as
// `module[workflowType]`, so every function exported here is a workflow, and nothing else is.
// Helpers live in `@hn/contract` (input rules, report guards) or stay internal.
export {
  DEFAULT_WORKFLOW_ID,
  TASK_QUEUE,
  WORKFLOW_TYPE,
  type HackerNewsInput,
  type HackerNewsReport,
  type HackerNewsResult,
  type Phase,
  type Progress,
} from '@hn/contract';
export { HackerNewsWorkflow } from './hacker-news-workflow';
export { progressQuery } from './progress';
export { BOUNDED_RETRY, FOREVER_RETRY } from './retry';
