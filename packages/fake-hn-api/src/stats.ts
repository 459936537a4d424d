import { STORY_LISTS, type StoryList } from '@hn/contract';

/**
 * `byItem` tracks at most this many distinct ids, so serving millions of generated ids keeps the
 * counters small; requests for further ids are counted in `untrackedItemRequests`.
 */
export const MAX_TRACKED_ITEM_IDS = 10_000;

/** What a request to `/v0/...` asked for. */
export type RequestKind = 'list' | 'item' | 'maxitem' | 'updates' | 'unknown';

/** The faults the server can inject, as counted in {@link FakeHnApiStats.faults}. */
export type InjectedFault =
  'down' | 'failNext' | 'error' | 'rateLimit' | 'hang' | 'malformed' | 'notFound' | 'invalid';

/**
 * Counters since the server started or since the last reset. Control requests
 * (`/__control/...`) are never counted.
 */
export interface FakeHnApiStats {
  /** Requests received on `/v0/...` and unknown paths. */
  totalRequests: number;
  byKind: Record<RequestKind, number>;
  byList: Record<StoryList, number>;
  /**
   * Item requests by item id, retries included, for the first
   * {@link MAX_TRACKED_ITEM_IDS} distinct ids since the last reset.
   */
  byItem: Record<number, number>;
  /** Item requests for ids that `byItem` had no room left to track. */
  untrackedItemRequests: number;
  /** Answers sent, by HTTP status; hung requests have none. */
  byStatus: Record<number, number>;
  faults: Record<InjectedFault, number>;
  /** Requests received and not yet answered or abandoned, hung ones included. */
  inFlight: number;
  /** The most requests in flight at once: use it to assert bounded concurrency. */
  maxInFlight: number;
}

/** Mutable counters behind {@link FakeHnApiStats}; cheap enough to update on every request. */
export class StatsRecorder {
  private totalRequests = 0;
  private byKind: Record<RequestKind, number> = emptyKinds();
  private byList: Record<StoryList, number> = emptyLists();
  private byItem = new Map<number, number>();
  private untrackedItemRequests = 0;
  private byStatus = new Map<number, number>();
  private faults: Record<InjectedFault, number> = emptyFaults();
  private inFlight = 0;
  private maxInFlight = 0;

  started(kind: RequestKind): void {
    this.totalRequests++;
    this.byKind[kind]++;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
  }

  ended(): void {
    this.inFlight--;
  }

  list(name: StoryList): void {
    this.byList[name]++;
  }

  item(id: number): void {
    const count = this.byItem.get(id);
    if (count !== undefined) this.byItem.set(id, count + 1);
    else if (this.byItem.size < MAX_TRACKED_ITEM_IDS) this.byItem.set(id, 1);
    else this.untrackedItemRequests++;
  }

  answered(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  fault(kind: InjectedFault): void {
    this.faults[kind]++;
  }

  /** Zeroes every counter; requests still in flight stay counted in `inFlight`. */
  reset(): void {
    this.totalRequests = 0;
    this.byKind = emptyKinds();
    this.byList = emptyLists();
    this.byItem.clear();
    this.untrackedItemRequests = 0;
    this.byStatus.clear();
    this.faults = emptyFaults();
    this.maxInFlight = this.inFlight;
  }

  snapshot(): FakeHnApiStats {
    return {
      totalRequests: this.totalRequests,
      byKind: { ...this.byKind },
      byList: { ...this.byList },
      byItem: Object.fromEntries(this.byItem),
      untrackedItemRequests: this.untrackedItemRequests,
      byStatus: Object.fromEntries(this.byStatus),
      faults: { ...this.faults },
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
    };
  }
}

function emptyKinds(): Record<RequestKind, number> {
  return { list: 0, item: 0, maxitem: 0, updates: 0, unknown: 0 };
}

function emptyLists(): Record<StoryList, number> {
  return Object.fromEntries(STORY_LISTS.map((name) => [name, 0])) as Record<StoryList, number>;
}

function emptyFaults(): Record<InjectedFault, number> {
  return {
    down: 0,
    failNext: 0,
    error: 0,
    rateLimit: 0,
    hang: 0,
    malformed: 0,
    notFound: 0,
    invalid: 0,
  };
}
