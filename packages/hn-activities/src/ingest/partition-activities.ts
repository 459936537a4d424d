import { ApplicationFailure } from '@temporalio/common';
import {
  FAILURE_TYPES,
  MAX_BACKFILL_PARTITIONS_PER_RUN,
  type CompletedPartitionsInput,
  type ItemStore,
} from '@hn/contract';
import { z } from 'zod';
import { parseInput } from '../internal/activity-input';
import { storeFailure } from '../internal/store-failure';

/** Longest partition key `completedPartitions` accepts; real keys are about 60 characters. */
const MAX_KEY_LENGTH = 200;

const completedPartitionsInput = z
  .object({
    keys: z.array(z.string().min(1).max(MAX_KEY_LENGTH)).max(MAX_BACKFILL_PARTITIONS_PER_RUN),
  })
  .strict();

/** The partition lookups of a backfill; `createActivities` includes them. */
export function createPartitionActivities(deps: { items: ItemStore | undefined }) {
  return {
    /**
     * Which of `keys` (at most 500, one backfill run's partitions) the item store holds as
     * `completed`. Keys in, keys out: the rows stay in the store.
     *
     * Failures: `InvalidInput`; no item store: `ItemStoreMissing`; the store failing: retryable
     * `PipelineStoreError`.
     */
    async completedPartitions(input: CompletedPartitionsInput): Promise<string[]> {
      const { keys } = parseInput('completedPartitions', completedPartitionsInput, input);
      if (!deps.items) {
        throw ApplicationFailure.create({
          type: FAILURE_TYPES.itemStoreMissing,
          nonRetryable: true,
          message:
            "completedPartitions: this worker has no item store; pass `items` to createActivities (the worker's SqlStore)",
        });
      }
      try {
        return await deps.items.completedPartitionKeys(keys);
      } catch (error) {
        throw storeFailure('Reading completed partitions', error);
      }
    },
  };
}
