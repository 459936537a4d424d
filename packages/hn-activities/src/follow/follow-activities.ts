import { Context } from '@temporalio/activity';
import { ApplicationFailure, type Logger } from '@temporalio/common';
import {
  FAILURE_TYPES,
  FOLLOW_OPTIONS,
  type FollowStore,
  type ItemStore,
  type PollFollowInput,
  type PollFollowResult,
  type RefreshUpdatedInput,
  type RefreshUpdatedResult,
  type SettleItemsInput,
  type SettleItemsResult,
} from '@hn/contract';
import { z } from 'zod';
import { HackerNewsApiError, toApplicationFailure } from '../errors';
import type { HackerNewsClient } from '../hacker-news-client';
import { parseInput } from '../internal/activity-input';
import type { FetchItem } from '../internal/fetch-item';
import { activityMetricMeter } from '../metrics';
import { recordRefreshed } from './follow-metrics';
import { refetchItems } from './refetch-items';

/** What the follower's activities need from `createActivities`. */
export interface FollowActivitiesDeps {
  client: HackerNewsClient;
  items: ItemStore | undefined;
  follow: FollowStore | undefined;
  fetchItem: FetchItem;
  logger: () => Logger;
}

const MAX_ID = 2_147_483_647;
const concurrency = z
  .number()
  .int()
  .min(FOLLOW_OPTIONS.concurrency.min)
  .max(FOLLOW_OPTIONS.concurrency.max);

const pollFollowInput = z
  .object({
    key: z.string().min(1).max(500),
    cursor: z.number().int().min(1).max(MAX_ID).nullable(),
    fromId: z.number().int().min(1).max(MAX_ID).nullable().optional(),
  })
  .strict();
const refreshUpdatedInput = z
  .object({
    belowId: z.number().int().min(1).max(MAX_ID),
    maxIds: z.number().int().min(0).max(FOLLOW_OPTIONS.maxRefreshPerPoll.max),
    concurrency,
  })
  .strict();
/** Most items one `settleItems` call re-fetches. */
const MAX_SETTLE_PER_CALL = 1_000;
const settleItemsInput = z
  .object({ maxItems: z.number().int().min(0).max(MAX_SETTLE_PER_CALL), concurrency })
  .strict();

/** The follower's activities; `createActivities` includes them. */
export function createFollowActivities(deps: FollowActivitiesDeps) {
  const { client, fetchItem } = deps;
  const stores = (activity: string): { items: ItemStore; follow: FollowStore } => {
    if (deps.items && deps.follow) return { items: deps.items, follow: deps.follow };
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.itemStoreMissing,
      nonRetryable: true,
      message: `${activity}: this worker has no item store; pass \`items\` and \`follow\` to createActivities (the worker's SqlStore and createFollowStore(store.db))`,
    });
  };

  return {
    /**
     * One poll of the follower: saves `cursor` under `key` (when given) and answers
     * `/v0/maxitem.json` and the key's stored cursor. The first poll (`cursor: null`) also
     * stores where the follower starts (`firstId`: `fromId`, else the stored cursor, else
     * `maxitem + 1`), before it ingests anything, so partition edges stop there. Failures:
     * `InvalidInput`, `ItemStoreMissing`, API failures typed by `FAILURE_TYPES`, the store's.
     */
    async pollFollow(input: PollFollowInput): Promise<PollFollowResult> {
      const { key, cursor, fromId } = parseInput('pollFollow', pollFollowInput, input);
      const { follow } = stores('pollFollow');
      if (cursor !== null) await follow.saveFollowCursor(key, cursor);
      const storedCursor = cursor ?? (await follow.followCursor(key));
      let maxItem: number;
      try {
        maxItem = await client.maxItem({ signal: Context.current().cancellationSignal });
      } catch (error) {
        if (error instanceof HackerNewsApiError) throw toApplicationFailure(error);
        throw error;
      }
      if (cursor !== null) return { maxItem, storedCursor };
      const firstId = fromId ?? storedCursor ?? maxItem + 1;
      await follow.startFollow(key, firstId);
      return { maxItem, storedCursor, firstId };
    },

    /**
     * Re-fetches the items `/v0/updates.json` lists as changed whose ids are below `belowId`, at
     * most `maxIds` of them, and stores them (counts only come back). An answer that is junk
     * (not the expected shape, more than 10,000 entries) is ignored with a `warning`, never
     * followed; ids at or above `belowId` are the follower's own new ids and left alone.
     */
    async refreshUpdatedItems(input: RefreshUpdatedInput): Promise<RefreshUpdatedResult> {
      const { belowId, maxIds, concurrency } = parseInput(
        'refreshUpdatedItems',
        refreshUpdatedInput,
        input,
      );
      const { items } = stores('refreshUpdatedItems');
      const { cancellationSignal: signal } = Context.current();
      let listed: number[];
      try {
        listed = (await client.updates({ signal })).items;
      } catch (error) {
        if (error instanceof HackerNewsApiError && !error.retryable && !signal.aborted) {
          const warning = `/v0/updates.json was ignored: ${error.message}`;
          deps.logger().warn('refreshUpdatedItems: answer ignored', { error: error.message });
          return { listed: 0, refreshed: 0, ignored: 0, warning };
        }
        if (error instanceof HackerNewsApiError) throw toApplicationFailure(error);
        throw error;
      }
      const unique = [...new Set(listed)];
      const below = unique.filter((id) => id < belowId);
      const ids = below.slice(0, maxIds);
      const { stored } = await refetchItems({ ids, concurrency, fetchItem, store: items, signal });
      recordRefreshed(activityMetricMeter(), 'updates', stored);
      const ignored = unique.length - ids.length;
      const warning =
        below.length > maxIds
          ? `/v0/updates.json listed ${below.length} changed ids below the cursor; ${maxIds} were refreshed (maxRefreshPerPoll)`
          : null;
      return { listed: listed.length, refreshed: stored, ignored, warning };
    },

    /**
     * Re-fetches up to `maxItems` items that reached a settling age (`SETTLE_AGES_SECONDS`), most
     * overdue first, and stores them; storing schedules each one's next age.
     */
    async settleItems(input: SettleItemsInput): Promise<SettleItemsResult> {
      const { maxItems, concurrency } = parseInput('settleItems', settleItemsInput, input);
      if (maxItems === 0) return { settled: 0 };
      const { items, follow } = stores('settleItems');
      const { cancellationSignal: signal } = Context.current();
      const ids = await follow.itemsDueToSettle(Math.floor(Date.now() / 1000), maxItems);
      const { stored } = await refetchItems({ ids, concurrency, fetchItem, store: items, signal });
      recordRefreshed(activityMetricMeter(), 'settle', stored);
      return { settled: stored };
    },
  };
}
