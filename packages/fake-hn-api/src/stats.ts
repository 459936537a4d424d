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
  /** Requests whose answer the client abandoned (aborted, timed out) before it was complete. */
  abortedByClient: number;
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
  private abortedByClient = 0;
  private readonly waiters = new Set<() => boolean>();

  started(kind: RequestKind): void {
    this.totalRequests++;
    this.byKind[kind]++;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
  }

  ended(aborted: boolean): void {
    this.inFlight--;
    if (aborted) this.abortedByClient++;
    this.notify();
  }

  /** Requests for a path under `/v0` (`/item/1.json`, `/topstories.json`, `/maxitem.json`). */
  requests(path: string): number {
    const item = /^\/item\/(\d+)\.json$/.exec(path);
    if (item) return this.byItem.get(Number(item[1])) ?? 0;
    const list = /^\/(\w+)stories\.json$/.exec(path);
    if (list) return this.byList[list[1] as StoryList] ?? 0;
    if (path === '/maxitem.json') return this.byKind.maxitem;
    if (path === '/updates.json') return this.byKind.updates;
    return 0;
  }

  total(): number {
    return this.totalRequests;
  }

  waitFor(predicate: (stats: FakeHnApiStats) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (!predicate(this.snapshot())) return false;
        this.waiters.delete(check);
        resolve();
        return true;
      };
      if (!check()) this.waiters.add(check);
    });
  }

  /** Checks the waiters of {@link waitFor}; the server calls it once a request is counted. */
  notify(): void {
    for (const check of this.waiters) check();
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
    this.abortedByClient = 0;
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
      abortedByClient: this.abortedByClient,
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
