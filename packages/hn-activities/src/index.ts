export {
  STORY_LISTS,
  type PipelineStore,
  type RunRecord,
  type SaveRunResult,
  type SkipReason,
  type SkippedItem,
  type Story,
  type StoryList,
  type WordCount,
} from './types';
