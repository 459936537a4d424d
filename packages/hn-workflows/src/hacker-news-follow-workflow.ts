import type { HackerNewsActivities } from '@hn/activities';
import {
  FAILURE_TYPES,
  FOLLOW_METRICS,
  addIngestCounts,
  countedIds,
  emptyIngestCounts,
  resolveFollowInput,
  type FollowContinuation,
  type FollowOptions,
  type FollowStatus,
  type FollowWarning,
  type HackerNewsFollowInput,
  type IngestCheckpoint,
  type IngestCounts,
} from '@hn/contract';
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  log,
  metricMeter,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
  type RetryPolicy,
} from '@temporalio/workflow';

/** `handle.query(followStatusQuery)`: cursor, lag, rates, refreshed items and the last warning. */
export const followStatusQuery = defineQuery<FollowStatus>('followStatus');

/**
 * The signal `signalWithStart` sends to start the follower or reach the one running; it changes
 * nothing. Read the status with {@link followStatusQuery} after it.
 */
export const attachFollowSignal = defineSignal('attachFollow');

/**
 * Ends the follower cleanly: the poll in progress finishes, then the run returns its final
 * status, which the update answers too.
 */
export const stopFollowUpdate = defineUpdate<FollowStatus>('stopFollow');

/**
 * Attempts per activity within one poll: a failing API costs a poll a few seconds, then the next
 * poll tries again. The follower never fails for an outage, it records a warning and goes on.
 */
const PER_POLL_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 seconds',
  maximumAttempts: 3,
};

/**
 * Most `ingestItems` activities one poll starts (and most in flight): new ids per poll are at
 * most `min(maxIdsPerPoll, 20 · chunkSize)`, so a poll adds a bounded number of events.
 */
const MAX_CHUNKS_PER_POLL = 20;
const MAX_CHUNKS_IN_FLIGHT = 8;
/** Most items one `settleItems` call takes. */
const MAX_SETTLE_PER_POLL = 1_000;

/**
 * Keeps the worker's item store in step with Hacker News: a long-running workflow, one per task
 * queue and destination (its workflow id, `followWorkflowId` of `@hn/contract`).
 *
 * Every `pollIntervalSeconds` it reads `maxitem` (`pollFollow`, which also stores the cursor) and
 * ingests the new ids in id order through `ingestItems`, at most `maxIdsPerPoll` a poll, moving
 * its cursor (every id from `firstId` below it is stored) only past chunks that are stored; it
 * re-fetches the items `/v0/updates.json` lists as changed below the cursor
 * (`refreshUpdatedItems`, at most `maxRefreshPerPoll`), and the items that reached a settling age
 * (`settleItems`, at most `settleRequestsPerHour`). Through history go counts and cursors only.
 *
 * Bad answers never stop it and never run it away: `maxitem` going backwards ingests nothing;
 * `maxitem` more than `maxGapIds` past the cursor is refused; an API or store failing past a
 * poll's few retries ends that poll. Each is a warning: in the status query (`lastWarning`,
 * `warnings`), the `hn_follow_warnings` metric and the worker's log. After `pollsPerRun` polls it
 * continues as new with its cursor. The `stopFollow` update ends it and returns its status.
 */
export async function HackerNewsFollowWorkflow(
  input?: HackerNewsFollowInput,
): Promise<FollowStatus> {
  const { input: options, problems } = resolveFollowInput(input);
  if (problems.length > 0) {
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.invalidInput,
      nonRetryable: true,
      message: `Invalid HackerNewsFollowWorkflow input: ${problems.map((p) => p.message).join('; ')}`,
      details: problems,
    });
  }
  const follower = new Follower(options, options.fromId, options.continuation);
  setHandler(followStatusQuery, () => follower.status());
  setHandler(attachFollowSignal, () => undefined);
  setHandler(stopFollowUpdate, async () => {
    follower.stopping = true;
    await condition(() => follower.phase === 'stopped');
    return follower.status();
  });

  for (let polls = 0; !follower.stopping;) {
    await follower.poll();
    polls += 1;
    if (follower.stopping) break;
    if (polls >= options.pollsPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof HackerNewsFollowWorkflow>({
        ...tuningOf(options),
        continuation: follower.continuation(),
      });
    }
    await condition(() => follower.stopping, `${options.pollIntervalSeconds} seconds`);
  }
  follower.phase = 'stopped';
  follower.showDetails();
  await condition(allHandlersFinished);
  return follower.status();
}

/** The follower's state and its poll; the workflow function wires handlers and the loop. */
class Follower {
  phase: FollowStatus['phase'];
  stopping = false;
  private cursor: number;
  private firstId: number;
  private maxItem: number;
  private counts: IngestCounts;
  private refreshed: number;
  private settled: number;
  private polls: number;
  private warnings: number;
  private lastWarning: FollowWarning | null;
  private readonly continuedAsNew: number;
  private readonly startedAt: string;
  private caughtUpAt: string | null;
  private lastPollAt: string | null = null;
  private settleCarry = 0;
  private readonly key = workflowInfo().workflowId;
  private readonly activities = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '2 minutes',
    retry: PER_POLL_RETRY,
  });
  private readonly ingest = proxyActivities<HackerNewsActivities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '30 seconds',
    retry: PER_POLL_RETRY,
  });
  private readonly lagIds = metricMeter.createGauge(
    FOLLOW_METRICS.lagIds,
    'int',
    'ids',
    'Ids up to maxitem the follower has not stored yet',
  );
  private readonly lagSeconds = metricMeter.createGauge(
    FOLLOW_METRICS.lagSeconds,
    'float',
    's',
    'Seconds since the follower last had every id up to maxitem stored',
  );
  private readonly warningCount = metricMeter.createCounter(
    FOLLOW_METRICS.warnings,
    'warnings',
    'Answers the follower refused or polls that failed, by kind',
  );

  constructor(
    private readonly options: FollowOptions,
    private readonly fromId: number | null,
    previous: FollowContinuation | null,
  ) {
    this.phase = previous ? 'following' : 'starting';
    this.cursor = previous?.cursor ?? 0;
    this.firstId = previous?.firstId ?? 0;
    this.maxItem = previous?.maxItem ?? 0;
    this.counts = previous?.counts ?? emptyIngestCounts();
    this.refreshed = previous?.refreshed ?? 0;
    this.settled = previous?.settled ?? 0;
    this.polls = previous?.polls ?? 0;
    this.warnings = previous?.warnings ?? 0;
    this.lastWarning = previous?.lastWarning ?? null;
    this.continuedAsNew = previous?.continuedAsNew ?? 0;
    this.startedAt = previous?.startedAt ?? new Date().toISOString();
    this.caughtUpAt = previous?.caughtUpAt ?? null;
  }

  status(): FollowStatus {
    const now = Date.now();
    const lagIds = this.phase === 'starting' ? 0 : Math.max(0, this.maxItem - this.cursor + 1);
    const behindSince = Date.parse(this.caughtUpAt ?? this.startedAt);
    const elapsed = (now - Date.parse(this.startedAt)) / 1000;
    return {
      phase: this.phase,
      cursor: this.cursor,
      firstId: this.firstId,
      maxItem: this.maxItem,
      lagIds,
      lagSeconds: lagIds === 0 ? 0 : Math.max(0, Math.round((now - behindSince) / 1000)),
      itemsPerSecond: elapsed > 0 ? Math.round((countedIds(this.counts) / elapsed) * 10) / 10 : 0,
      counts: this.counts,
      refreshed: this.refreshed,
      settled: this.settled,
      polls: this.polls,
      warnings: this.warnings,
      lastWarning: this.lastWarning,
      continuedAsNew: this.continuedAsNew,
      startedAt: this.startedAt,
      lastPollAt: this.lastPollAt,
    };
  }

  continuation(): FollowContinuation {
    return {
      cursor: this.cursor,
      firstId: this.firstId,
      maxItem: this.maxItem,
      counts: this.counts,
      refreshed: this.refreshed,
      settled: this.settled,
      polls: this.polls,
      warnings: this.warnings,
      lastWarning: this.lastWarning,
      continuedAsNew: this.continuedAsNew + 1,
      startedAt: this.startedAt,
      caughtUpAt: this.caughtUpAt,
    };
  }

  /** One poll: maxitem and the cursor, new ids, changed items, settling; then the metrics. */
  async poll(): Promise<void> {
    const startedAt = Date.now();
    const elapsedSinceLastPoll =
      this.lastPollAt === null
        ? this.options.pollIntervalSeconds
        : (startedAt - Date.parse(this.lastPollAt)) / 1000;
    this.polls += 1;
    this.lastPollAt = new Date(startedAt).toISOString();
    let maxItem: number;
    try {
      const answer = await this.activities.pollFollow.executeWithOptions(
        { summary: `maxitem; cursor ${this.phase === 'starting' ? 'stored' : this.cursor}` },
        [
          this.phase === 'starting'
            ? { key: this.key, cursor: null, fromId: this.fromId }
            : { key: this.key, cursor: this.cursor },
        ],
      );
      maxItem = answer.maxItem;
      if (this.phase === 'starting') {
        // The activity stores where the follower starts (histories before it answer without).
        this.cursor = answer.firstId ?? this.fromId ?? answer.storedCursor ?? maxItem + 1;
        this.firstId = this.cursor;
        this.maxItem = maxItem;
        this.phase = 'following';
      }
    } catch (error) {
      this.warn(
        'api-unavailable',
        `maxitem could not be read (${messageOf(error)}); the next poll tries again`,
      );
      this.showDetails();
      return;
    }

    if (maxItem < this.maxItem) {
      this.warn(
        'maxitem-backwards',
        `maxitem went back from ${this.maxItem} to ${maxItem}; nothing new is ingested until it passes the cursor ${this.cursor}`,
      );
    }
    this.maxItem = maxItem;
    const gap = maxItem - this.cursor + 1;
    if (gap > this.options.maxGapIds) {
      this.warn(
        'maxitem-jump',
        `maxitem ${maxItem} is ${gap} ids past the cursor ${this.cursor}, more than maxGapIds ` +
          `(${this.options.maxGapIds}): refused, nothing ingested. Check HN_API_URL; to take them, ` +
          `ingest them as id ranges (ingest --ids) or start the follower with a later fromId.`,
      );
    } else if (gap > 0) {
      await this.ingestNew(
        Math.min(
          maxItem,
          this.cursor +
            Math.min(this.options.maxIdsPerPoll, MAX_CHUNKS_PER_POLL * this.options.chunkSize) -
            1,
        ),
      );
    }
    if (this.cursor > maxItem) this.caughtUpAt = new Date().toISOString();
    await this.refresh();
    await this.settle(elapsedSinceLastPoll);
    const status = this.status();
    this.lagIds.set(status.lagIds);
    this.lagSeconds.set(status.lagSeconds);
    this.showDetails();
  }

  showDetails(): void {
    const s = this.status();
    setCurrentDetails(
      `${s.phase}: cursor ${s.cursor}, maxitem ${s.maxItem}, ${s.lagIds} ids behind; ` +
        `${countedIds(s.counts)} new ids stored, ${s.refreshed} refreshed, ${s.settled} settled` +
        (s.lastWarning ? `; last warning: ${s.lastWarning.message}` : ''),
    );
  }

  /** Ingests `cursor..toId` in chunks, a few in flight; the cursor passes stored chunks only. */
  private async ingestNew(toId: number): Promise<void> {
    const { chunkSize } = this.options;
    const chunks: Array<{ fromId: number; toId: number }> = [];
    for (let from = this.cursor; from <= toId; from += chunkSize) {
      chunks.push({ fromId: from, toId: Math.min(toId, from + chunkSize - 1) });
    }
    const parallel = Math.min(MAX_CHUNKS_IN_FLIGHT, chunks.length);
    const concurrency = Math.max(1, Math.floor(this.options.concurrency / parallel));
    const outcomes: Array<IngestCheckpoint | { error: unknown }> = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < chunks.length) {
        const index = next++;
        const chunk = chunks[index] as { fromId: number; toId: number };
        outcomes[index] = await this.ingest.ingestItems
          .executeWithOptions({ summary: `new ids ${chunk.fromId}..${chunk.toId}` }, [
            { ...chunk, concurrency },
          ])
          .catch((error: unknown) => ({ error }));
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));

    // The cursor moves over the stored prefix; chunks past a failed one are fetched again.
    for (const [index, outcome] of outcomes.entries()) {
      const chunk = chunks[index] as { fromId: number; toId: number };
      if (!('error' in outcome)) {
        this.counts = addIngestCounts(this.counts, outcome.counts);
        this.cursor = chunk.toId + 1;
        continue;
      }
      const checkpoint = checkpointOf(outcome.error, chunk.fromId, chunk.toId);
      if (checkpoint) {
        this.counts = addIngestCounts(this.counts, checkpoint.counts);
        this.cursor = checkpoint.nextId;
      }
      this.warn(
        'ingest-failed',
        `ids ${chunk.fromId}..${chunk.toId} could not be stored (${messageOf(outcome.error)}); ` +
          `the cursor stays at ${this.cursor} and the next poll tries again`,
      );
      return;
    }
  }

  private async refresh(): Promise<void> {
    if (this.options.maxRefreshPerPoll === 0 || this.cursor <= 1) return;
    try {
      const result = await this.activities.refreshUpdatedItems.executeWithOptions(
        { summary: `changed items below ${this.cursor}` },
        [
          {
            belowId: this.cursor,
            maxIds: this.options.maxRefreshPerPoll,
            concurrency: this.options.concurrency,
          },
        ],
      );
      this.refreshed += result.refreshed;
      if (result.warning !== null) this.warn('updates-ignored', result.warning);
    } catch (error) {
      this.warn('refresh-failed', `changed items were not refreshed (${messageOf(error)})`);
    }
  }

  private async settle(elapsedSeconds: number): Promise<void> {
    const { settleRequestsPerHour, pollIntervalSeconds } = this.options;
    if (settleRequestsPerHour === 0) return;
    // Requests earned since the last poll, never more than two intervals' worth after a pause.
    const earned =
      (settleRequestsPerHour * Math.min(elapsedSeconds, 2 * pollIntervalSeconds)) / 3600 +
      this.settleCarry;
    const maxItems = Math.min(MAX_SETTLE_PER_POLL, Math.floor(earned));
    this.settleCarry = earned - maxItems;
    if (maxItems === 0) return;
    try {
      const result = await this.activities.settleItems.executeWithOptions(
        { summary: `settle up to ${maxItems} items` },
        [{ maxItems, concurrency: this.options.concurrency }],
      );
      this.settled += result.settled;
    } catch (error) {
      this.warn('settle-failed', `items due to settle were not fetched (${messageOf(error)})`);
    }
  }

  private warn(kind: FollowWarning['kind'], message: string): void {
    this.warnings += 1;
    this.lastWarning = { kind, message, at: new Date().toISOString() };
    this.warningCount.add(1, { kind });
    log.warn(`follower: ${message}`, { kind, cursor: this.cursor, maxItem: this.maxItem });
  }
}

function tuningOf(options: FollowOptions): FollowOptions {
  return {
    pollIntervalSeconds: options.pollIntervalSeconds,
    maxIdsPerPoll: options.maxIdsPerPoll,
    maxGapIds: options.maxGapIds,
    chunkSize: options.chunkSize,
    concurrency: options.concurrency,
    maxRefreshPerPoll: options.maxRefreshPerPoll,
    settleRequestsPerHour: options.settleRequestsPerHour,
    pollsPerRun: options.pollsPerRun,
  };
}

/** The checkpoint an `ingestItems` failure carries in its details, if it is this chunk's. */
function checkpointOf(error: unknown, fromId: number, toId: number): IngestCheckpoint | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  if (!(failure instanceof ApplicationFailure)) return undefined;
  const [details] = (failure.details ?? []) as [Partial<IngestCheckpoint> | undefined];
  if (
    details?.fromId === fromId &&
    details.toId === toId &&
    typeof details.nextId === 'number' &&
    details.nextId >= fromId &&
    details.nextId <= toId + 1 &&
    typeof details.counts === 'object' &&
    details.counts !== null
  ) {
    return details as IngestCheckpoint;
  }
  return undefined;
}

/** A failure's innermost useful message, cut short for a warning. */
function messageOf(error: unknown): string {
  let current: unknown = error;
  while (current instanceof ActivityFailure && current.cause) current = current.cause;
  const text = current instanceof Error ? current.message : String(current);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
