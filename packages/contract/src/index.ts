export { DEFAULT_SCHEDULE_ID, DEFAULT_WORKFLOW_ID, TASK_QUEUE, WORKFLOW_TYPE } from './constants';
export { FAILURE_TYPES, type FailureType } from './failure-types';
export {
  DEFAULT_INPUT,
  MAX_LIMIT,
  resolveInput,
  type HackerNewsInput,
  type ResolvedInput,
} from './input';
export {
  ITEM_STATUSES,
  ITEM_TYPES,
  PARTITION_STATUSES,
  type IngestCounts,
  type IngestPartitionRecord,
  type ItemRecord,
  type ItemStatus,
  type ItemStore,
  type ItemType,
  type PartitionStatus,
  type SaveItemsResult,
} from './items';
export { FIELD_LIMITS, ITEMS_BUDGET_BYTES, MIN_ENTRY_BYTES, PAYLOAD_BUDGET_BYTES } from './limits';
export type { Phase, Progress } from './progress';
export {
  isHackerNewsReport,
  storyIdsOf,
  type HackerNewsReport,
  type HackerNewsResult,
} from './report';
export { STORY_LISTS, isStoryList, type StoryList } from './story-lists';
export {
  SKIP_REASONS,
  STORY_FLAGS,
  type PipelineStore,
  type RunRecord,
  type SaveRunResult,
  type SkipReason,
  type SkippedItem,
  type Story,
  type StoryFlag,
  type WordCount,
} from './types';
