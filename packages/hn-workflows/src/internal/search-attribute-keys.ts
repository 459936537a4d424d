import { SEARCH_ATTRIBUTES } from '@hn/contract';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

/** The search attribute a Schedule sets on the runs it starts or backfills. */
export const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/** `HnPipeline`: which pipeline a run belongs to (`PIPELINE_NAMES`). */
export const PIPELINE = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.pipeline.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.pipeline.type],
);

/** `HnPartitionKey`: the partition an ingest run ingests. */
export const PARTITION_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.partitionKey.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.partitionKey.type],
);

/** `HnPartitionStart`: the start of an ingest run's window. */
export const PARTITION_START = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.partitionStart.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.partitionStart.type],
);

/** `HnPartitionEnd`: the end of an ingest run's window. */
export const PARTITION_END = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.partitionEnd.name,
  SearchAttributeType[SEARCH_ATTRIBUTES.partitionEnd.type],
);
