/**
 * The Hacker News pipeline's contract: the names, types, rules and limits that the workflows,
 * activities, stores, schedules and command lines share. Dependency-free and safe to import from
 * Temporal workflow code (no Node built-ins, no side effects).
 *
 * Each workflow input is defined once, as an option table (`INGEST_OPTIONS`, `BACKFILL_OPTIONS`,
 * `TOP_STORIES_OPTIONS`: type, range, default, doc per option); its resolver checks an input
 * against it and returns every problem as `{ field, message }`, naming fields as the caller asks:
 *
 * ```ts
 * import { INGEST_OPTIONS, optionHelp, resolveIngestInput } from '@hn/contract';
 *
 * const { input, problems } = resolveIngestInput(
 *   { fromId: 1, toId: 2_000, concurrency: 0 },
 *   { names: (field) => `--${field}` },
 * );
 * // problems: [{ field: 'concurrency', message: '--concurrency must be an integer from 1 to 500, got 0' }]
 * optionHelp(INGEST_OPTIONS.concurrency); // 'Hacker News requests in flight for the whole run, 1-500 (default 50)'
 * ```
 *
 * @module
 */
export {
  BACKFILL_WORKFLOW_TYPE,
  DEFAULT_BACKFILL_WORKFLOW_ID,
  DEFAULT_INGEST_WORKFLOW_ID,
  DEFAULT_SCHEDULE_ID,
  DEFAULT_WORKFLOW_ID,
  INGEST_SCHEDULE_ID,
  INGEST_WORKFLOW_TYPE,
  PIPELINE_NAMES,
  SEARCH_ATTRIBUTES,
  searchAttributeArgs,
  TASK_QUEUE,
  WORKFLOW_TYPE,
} from './constants';
export {
  BACKFILL_FUTURE_SKEW_MS,
  BACKFILL_MODES,
  DEFAULT_BACKFILL_PARALLELISM,
  DEFAULT_BACKFILL_PARTITIONS_PER_RUN,
  DEFAULT_MAX_BACKFILL_PARTITIONS,
  MAX_BACKFILL_PARALLELISM,
  MAX_BACKFILL_PARTITIONS,
  MAX_BACKFILL_PARTITIONS_PER_RUN,
  MAX_FAILED_PARTITIONS_LISTED,
  BACKFILL_OPTIONS,
  backfillPartition,
  partitionWorkflowId,
  resolveBackfillInput,
  type BackfillContinuation,
  type BackfillIngestOptions,
  type BackfillInputContext,
  type BackfillMode,
  type BackfillTotals,
  type FailedPartition,
  type HackerNewsBackfillInput,
  type ResolvedBackfillInput,
} from './backfill-input';
export type { BackfillPhase, BackfillProgress, HackerNewsBackfillResult } from './backfill-report';
export { FAILURE_TYPES, type FailureType } from './failure-types';
export {
  DEFAULT_INPUT,
  MAX_LIMIT,
  TOP_STORIES_OPTIONS,
  resolveInput,
  type HackerNewsInput,
  type ResolvedInput,
} from './input';
export type {
  CompletedPartitionsInput,
  FindItemRangeInput,
  IngestCheckpoint,
  IngestItemsInput,
  IngestItemsResult,
  ItemRange,
} from './ingest-activities';
export { DURATION_HELP, formatDuration, parseDuration } from './duration';
export {
  InputProblem,
  optionHelp,
  optionRange,
  checkOption,
  type BooleanOption,
  type ChoiceOption,
  type DurationOption,
  type FieldNames,
  type IntegerOption,
  type OptionSpec,
  type OptionTable,
  type OptionValues,
} from './options';
export {
  DEFAULT_INGEST_OPTIONS,
  INGEST_OPTIONS,
  INGEST_TUNING_OPTIONS,
  MAX_ITEM_ID,
  MAX_CHUNKS_PER_RUN,
  MAX_INGEST_BATCH_SIZE,
  MAX_INGEST_CHUNK_IDS,
  MAX_INGEST_CONCURRENCY,
  MAX_INGEST_HEARTBEAT_TIMEOUT_SECONDS,
  MAX_INGEST_IDS,
  MAX_INGEST_WINDOW_MS,
  MAX_INVALID_SAMPLE,
  MAX_PARALLEL_INGEST_ACTIVITIES,
  MIN_PARTITION_MS,
  checkWindow,
  parseInstant,
  formatPartition,
  parsePartition,
  partitionKey,
  resolveIngestInput,
  scheduledWindow,
  type HackerNewsIngestInput,
  type IngestContinuation,
  type IngestInputContext,
  type IngestOptions,
  type IngestTarget,
  type IngestWindow,
  type ResolvedIngestInput,
} from './ingest-input';
export type {
  FailedChunk,
  HackerNewsIngestResult,
  IngestFailureDetails,
  IngestPhase,
  IngestProgress,
} from './ingest-report';
export * from './follow-input';
export {
  FOLLOW_PRIORITY,
  MAX_FAIRNESS_KEY_BYTES,
  PRIORITY_KEYS,
  SCHEDULED_INGEST_PRIORITY,
  backfillPriority,
  fairnessKeyOf,
  type RunPriority,
} from './priority';
export {
  CHECK_STATUSES,
  ITEM_STATUSES,
  ITEM_TYPES,
  PARTITION_CHECK_NAMES,
  PARTITION_STATUSES,
  addIngestCounts,
  countedIds,
  emptyIngestCounts,
  type CheckStatus,
  type IngestCounts,
  type IngestPartitionRecord,
  type ItemRecord,
  type ItemStatus,
  type ItemStore,
  type ItemType,
  type PartitionCheckCount,
  type PartitionCheckName,
  type PartitionCheckResult,
  type PartitionNeighbour,
  type PartitionStatus,
  type SaveItemsResult,
} from './items';
export {
  partitionRows,
  type PartitionGap,
  type PartitionIdSpan,
  type PartitionRow,
} from './partition-gaps';
export { FIELD_LIMITS, ITEMS_BUDGET_BYTES, MIN_ENTRY_BYTES, PAYLOAD_BUDGET_BYTES } from './limits';
export { HTTP_OUTCOMES, INGESTED_ITEM_LABELS, METRICS, type HttpOutcome } from './metrics';
export type { Phase, Progress } from './progress';
export {
  isHackerNewsReport,
  storyIdsOf,
  type HackerNewsReport,
  type HackerNewsResult,
} from './report';
export {
  REDACTED,
  SENSITIVE_PARAMETER_SUFFIXES,
  SENSITIVE_QUERY_PARAMETERS,
  isSensitiveParameter,
  redactUrl,
  redactUrls,
} from './redact-url';
export { STORY_LISTS, isStoryList, type StoryList } from './story-lists';
export {
  MAX_DETAILS_LENGTH,
  MAX_SUMMARY_LENGTH,
  detailsText,
  ingestRunSummary,
  ingestScheduleSummary,
  summaryText,
} from './summary';
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
export {
  MAX_PARTITION_BOUNDARIES,
  checkIngestEdges,
  type FindPartitionEdgesInput,
  type IngestEdges,
  type PartitionEdges,
} from './partition-edges';
