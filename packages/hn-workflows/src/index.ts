export { DEFAULT_WORKFLOW_ID, TASK_QUEUE, WORKFLOW_TYPE } from './constants';
export { WORKFLOW_FAILURE_TYPES } from './errors';
export { HackerNewsWorkflow } from './hacker-news-workflow';
export {
  DEFAULT_INPUT,
  MAX_LIMIT,
  WORKFLOW_STORY_LISTS,
  resolveInput,
  type HackerNewsInput,
  type ResolvedInput,
} from './input';
export { MAX_PARALLEL_ACTIVITIES, planFetch, type FetchPlan } from './plan';
export { progressQuery, type Phase, type Progress } from './progress';
export { isHackerNewsReport, type HackerNewsReport, type HackerNewsResult } from './report';
export { BOUNDED_RETRY, FOREVER_RETRY } from './retry';
