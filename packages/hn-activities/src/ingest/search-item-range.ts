import { runPool } from '../internal/run-pool';
import { around, ascending, isoOf, nearest, sortedIndex, spreadAcross } from './edge-probes';

/**
 * Item requests in flight at once in one round of a search: each round probes up to this many
 * ids around the interpolated edge, in parallel.
 */
export const PROBES_PER_ROUND = 3;

/**
 * How far an item's `time` may lag behind its id's neighbours (clocks that lag, items posted
 * late): 10 minutes. Times running backwards by more than this fail the search: the API's answers
 * cannot be tiled by time.
 */
export const LAG_TOLERANCE_MS = 10 * 60_000;

/**
 * Most item requests one edge search makes: generated data needs far fewer (see
 * {@link searchEdges}: at most 14 for a window from scratch, 3.3 to 3.5 a partition in a
 * backfill's pass); only an id space riddled with long runs of ids without a time comes near it.
 */
export const MAX_SEARCH_REQUESTS = 96;

/** Extra requests allowed for each edge past the second, in a backfill's one pass. */
export const MAX_SEARCH_REQUESTS_PER_EDGE = 8;

/** Why a search gave up: every cause the API can be blamed for. */
export type SearchFailureCause =
  'all-null' | 'times-backwards' | 'maxitem-past-newest' | 'maxitem-backwards' | 'budget';

/** Thrown when the API's answers cannot be turned into edges; nothing should be stored. */
export class SearchFailedError extends Error {
  override readonly name = 'SearchFailedError';
  constructor(
    readonly reason: SearchFailureCause,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Edges searched one after another before the rest are searched at once: the first learns how
 * far estimates miss, the second the rate of ids in time that predicts the others.
 */
const EDGES_IN_ORDER = 2;

/**
 * Edges searched at once after the first ones, each with its own rounds of probes: up to 36
 * item requests in flight, below the client's default of 50 connections.
 */
const EDGES_AT_ONCE = 12;

/**
 * The first wave of edges searched at once takes every this many of them: predicted between
 * edges found far apart, they miss more often; the second wave's, between the first's, seldom.
 */
const WAVE_SPACING = 5;

/** Probes of a round once the bracket is narrow: one either side of the boundary. */
const NARROW_PROBES = 2;

/**
 * The first probes of an edge without a prediction go this share of the bracket either side of
 * the interpolated estimate: ids follow time closely, so a wide first spread only wastes them.
 */
const FIRST_SPREAD_DIVISOR = 1024;

/** Probes that all answering no item fail the search: the API serves none (14, plus `maxitem`). */
const MAX_ALL_NULL_PROBES = 14;

/** The fewest ids without a time a search takes as a run of `null`s rather than probing on. */
const MIN_NULL_RUN = 256;

/** Ids the top of the space may hold without a time before `maxitem` is called a lie. */
export const MAX_UNTIMED_TOP = 10_000;

/** Options of {@link searchEdges}. */
export interface SearchEdgesOptions {
  /** Instants (Unix ms), ascending: the edges to find. */
  boundariesMs: readonly number[];
  /** The largest id to consider (`/v0/maxitem.json`). */
  maxItem: number;
  /** The `time` of an id in Unix seconds, or `undefined` when it has none. */
  timeOf: (id: number) => Promise<number | undefined>;
  /** Most item requests; default {@link MAX_SEARCH_REQUESTS} plus 8 per edge past the second. */
  maxRequests?: number;
  /**
   * Edges the caller knows, by boundary (`undefined` where it does not): a stored predecessor's
   * last id + 1, a stored successor's first id. They are taken as they are, never searched, and
   * the searched edges are kept between them.
   */
  knownEdges?: ReadonlyArray<number | undefined>;
  /**
   * How far past a boundary the id an edge stops at may be timed (ms): the search ends as soon
   * as it finds such an id, and the earlier partition takes the ids before it. Default 0: the
   * edge is exactly one past the last id timed before the boundary (on ids whose times never
   * decrease, the same answer whatever the search's path). The activities search with
   * {@link EDGE_SLACK_MS}, which meets the request bound below: edges shared through the store (a
   * stored neighbour's edge is taken, never searched again) need not be path-independent.
   */
  slackMs?: number;
}

/**
 * A slack for shared edges: the earlier partition may take items timed up to 2 minutes
 * past its end (and so every item timed before its end that lags by less), never leave one of
 * its own to the later one among the ids the search saw.
 */
export const EDGE_SLACK_MS = 2 * 60_000;

/**
 * How far an item's `time` may lag behind its id's neighbours for the activities' edges: 2
 * minutes. They search the edge of `T + EDGE_LAG_MS` (with {@link EDGE_SLACK_MS}), so the edge of
 * `T` is an id timed at least this long after `T`: every id past it sits among ids timed after
 * `T + EDGE_LAG_MS`, so an item timed before `T` by a clock lagging less than this is never past
 * it. The earlier partition may take items timed up to `EDGE_LAG_MS + EDGE_SLACK_MS` after `T`.
 */
export const EDGE_LAG_MS = 2 * 60_000;

/** The lag and the slack are at most this share of the shortest partition searched. */
export const EDGE_TOLERANCE_DIVISOR = 10;

/**
 * The lag and the slack the activities search the edges of `boundariesMs` (Unix ms, ascending)
 * with: {@link EDGE_LAG_MS} and {@link EDGE_SLACK_MS}, each at most a tenth
 * ({@link EDGE_TOLERANCE_DIVISOR}) of the shortest partition among them, so that partitions
 * shorter than the tolerance (a schedule every few seconds) still hold their own items: with 5-second
 * partitions, half a second each.
 */
export function edgeTolerance(boundariesMs: readonly number[]): { lagMs: number; slackMs: number } {
  let shortest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < boundariesMs.length; index++) {
    shortest = Math.min(
      shortest,
      (boundariesMs[index] as number) - (boundariesMs[index - 1] as number),
    );
  }
  const cap = Math.max(0, Math.floor(shortest / EDGE_TOLERANCE_DIVISOR));
  return { lagMs: Math.min(EDGE_LAG_MS, cap), slackMs: Math.min(EDGE_SLACK_MS, cap) };
}

/** What {@link searchEdges} found. */
export interface SearchEdgesResult {
  /** For each boundary, the first id of the part of the id space timed at or after it. */
  edges: number[];
  /** Item requests made. */
  probes: number;
  /**
   * Rounds of item requests one after another: the search's wall-clock in request latencies
   * (requests of edges searched at once share their rounds).
   */
  rounds: number;
}

/**
 * The id edges of time boundaries: `edges[i]` is one past the last id timed before
 * `boundariesMs[i]`, so the ids `[edges[i], edges[i + 1])` are a partition and consecutive
 * partitions tile the id space: no id is in two partitions or in none, whatever the items' times.
 *
 * Ids are close to linear in time, so each edge is found by interpolation between the nearest
 * known ids on either side, probing {@link PROBES_PER_ROUND} ids around the estimate in
 * parallel; the spread of the probes follows the error the previous round showed, and widens
 * when the edge fell outside them. With slack the probes are spaced by the ids the slack spans
 * (at the rate of the edges found, or of the bracket before two), and a predicted edge aims at
 * the middle of the slack. Once the bracket is narrow, a round probes the two ids either side of
 * the interpolated boundary, then splits what is left evenly (times are whole seconds, many ids
 * may share one). Edges share what earlier ones learnt: the first two are searched in order (how
 * far estimates miss, the rate), then the last, then the others in two waves of up to
 * {@link EDGES_AT_ONCE} edges at once, each predicted between the edges found nearest it, so a
 * backfill's later edges cost about one round each and share their rounds.
 *
 * An id without a time (`null`, a tombstone without time) belongs with the next id that has
 * one. Where `maxitem` itself has none, the ids just below it are probed first, so an hour
 * searched as it ends still interpolates (120 such hours at each rate: at most 9 requests, up
 * to 40 before). When a probe timed before the boundary lies above one timed after it (a lagging clock),
 * the edge goes past it: an item of the earlier window is never left to the later one. Where
 * every probe across a range answers no time, the range is taken as a run of `null`s, which
 * belongs wholly after the edge.
 *
 * Requests, counted at the fake API's server on its live generated space (submissions timed up
 * to two minutes early, runs of `null`s, tombstones without a time; `test/search-budget.test.ts`)
 * with {@link EDGE_SLACK_MS}: a window from scratch takes at most 14 item requests, 15 with
 * `maxitem` (40 windows, `maxitem` included: 9 to 12 requests at 600 items an hour, 9 to 15 at
 * 36,000; 400 windows at each of 600, 2,000, 6,000 and 36,000 an hour: at most 14 item
 * requests); a backfill's pass of 24 partitions 3.3 to 3.5 item requests a partition at either
 * rate, in 9 to 11 rounds of requests (`maxitem` included; 28 to 31 with every edge searched
 * after the one before). Exact edges (no slack) cost more there:
 * from scratch 14 item requests at the median and up to 23 at 600 an hour, 21 and up to 42 at
 * 36,000; on ids whose times never decrease, at most 14.
 *
 * Bad answers end the search with a {@link SearchFailedError}: every probe `null`; times running
 * backwards by more than {@link LAG_TOLERANCE_MS}; `maxitem` more than {@link MAX_UNTIMED_TOP}
 * ids past the newest timed item while an edge lies above it; or the request budget spent.
 */
export async function searchEdges(options: SearchEdgesOptions): Promise<SearchEdgesResult> {
  const search = new EdgeSearch(options);
  return search.run();
}

/** One search: the ids probed so far and their times, shared by every edge. */
class EdgeSearch {
  private readonly known = new Map<number, number | undefined>();
  /** Ids with a time, ascending. */
  private readonly timed: number[] = [];
  /** Item requests in flight, by id: an edge searched at once with another waits for them. */
  private readonly inFlight = new Map<number, Promise<number | undefined>>();
  private probes = 0;
  /** The deepest round finished: a round starting now is the next one. */
  private roundsDone = 0;
  /** Set once the search failed: edges still searching stop at their next round. */
  private failure: Error | undefined;
  private readonly maxRequests: number;
  /** The interpolation error the last round showed, in ids: the next edge's first spread. */
  private scale: number | undefined;
  /** Edges found, with their boundaries, ascending: their rate predicts the next edge. */
  private readonly landmarks: Array<{ id: number; ms: number }> = [];
  /** Squared errors of the edges' first estimates. */
  private readonly errors: number[] = [];

  constructor(private readonly options: SearchEdgesOptions) {
    const extra = Math.max(0, options.boundariesMs.length - 2) * MAX_SEARCH_REQUESTS_PER_EDGE;
    this.maxRequests = options.maxRequests ?? MAX_SEARCH_REQUESTS + extra;
  }

  async run(): Promise<SearchEdgesResult> {
    const { boundariesMs, maxItem } = this.options;
    const known = boundariesMs.map((_, index) => this.options.knownEdges?.[index]);
    const given = known.filter((edge): edge is number => edge !== undefined);
    const highest = Math.max(0, ...given);
    if (highest > maxItem + 1) {
      this.fail(
        'maxitem-backwards',
        `maxitem is ${maxItem}, below id ${highest - 1} that a stored partition ended at: ` +
          "the API's maxitem went backwards",
      );
    }
    if (given.length === known.length) return { edges: ascending(given), probes: 0, rounds: 0 };
    if (maxItem < 1) return { edges: boundariesMs.map(() => 1), probes: 0, rounds: 0 };
    // The first probes bound the space: the first edge (or id 1), the last known one, maxitem.
    await this.probe([known[0] ?? 1, ...given.slice(-1), maxItem]);
    await this.anchorTop();
    // The first edges in order teach the search the ids' rate and how far estimates miss; the
    // others are then predicted from the edges found nearest them, and searched in waves.
    const edges: number[] = [];
    const later: number[] = [];
    let inOrder = 0;
    for (const [index, boundary] of boundariesMs.entries()) {
      const edge = known[index];
      if (edge !== undefined) edges[index] = this.landmark(edge, boundary);
      else if (inOrder >= EDGES_IN_ORDER) later.push(index);
      else {
        edges[index] = await this.edgeOf(boundary);
        inOrder += 1;
      }
    }
    await this.searchInWaves(later, edges);
    // A searched edge stays between the known ones around it, so no range overlaps theirs.
    for (let index = edges.length - 2; index >= 0; index -= 1) {
      if (known[index] === undefined) {
        edges[index] = Math.min(edges[index] as number, edges[index + 1] as number);
      }
    }
    const result = ascending(edges);
    this.checkTop(result);
    return { edges: result, probes: this.probes, rounds: this.roundsDone };
  }

  /**
   * The edges of the boundaries at `indexes` (ascending), into `edges`: the last one first, on
   * its own, so the others fall between edges found, at the rate they span; then a wave of every
   * {@link WAVE_SPACING}th of the rest, then the others, each predicted from edges found a few
   * boundaries away on either side. A wave searches up to {@link EDGES_AT_ONCE} edges at once.
   */
  private async searchInWaves(indexes: readonly number[], edges: number[]): Promise<void> {
    const { boundariesMs } = this.options;
    const search = async (index: number) => {
      edges[index] = await this.edgeOf(boundariesMs[index] as number);
    };
    const rest = indexes.slice(0, -1);
    const last = indexes.at(-1);
    if (last === undefined) return;
    await search(last);
    const first = (k: number) => k % WAVE_SPACING === Math.floor(WAVE_SPACING / 2);
    await runPool(
      rest.filter((_, k) => first(k)),
      EDGES_AT_ONCE,
      search,
    );
    await runPool(
      rest.filter((_, k) => !first(k)),
      EDGES_AT_ONCE,
      search,
    );
  }

  /**
   * One past the last id timed before `boundaryMs`, or, once the first timed id found at or
   * after it is timed within the slack, that id.
   */
  private async edgeOf(boundaryMs: number): Promise<number> {
    const slackMs = this.options.slackMs ?? 0;
    let spread = this.scale;
    // With slack, any timed id within it ends the search: a prediction aims at its middle, so
    // probes a little off either way still land inside it.
    let guess = this.extrapolate(boundaryMs + slackMs / 2);
    const targetMs = guess === undefined ? boundaryMs : boundaryMs + slackMs / 2;
    let narrowRounds = 0;
    // Rounds in a row whose probes (two or more) all answered no time: two make a null run.
    let nullRounds = 0;
    let first: number | undefined;
    let last: number | undefined;
    // 0 while interpolating; else how far from either end of the bracket the next probes go.
    let gallop = 0;
    for (;;) {
      const { lo, hi } = this.bracket(boundaryMs);
      const width = hi - lo - 1;
      const hiTime = this.known.get(hi);
      const unknown = width <= 4 * PROBES_PER_ROUND ? this.unknownBetween(lo, hi) : undefined;
      const withinSlack =
        slackMs > 0 &&
        hiTime !== undefined &&
        hiTime * 1000 - boundaryMs <= slackMs &&
        this.plausibleGap(lo, hi, slackMs);
      if (width <= 0 || unknown?.length === 0 || withinSlack) {
        const edge = withinSlack ? hi : lo + 1;
        this.landmark(edge, boundaryMs);
        if (first !== undefined) this.learn(first - edge);
        return edge;
      }
      let ids: number[];
      let count = PROBES_PER_ROUND;
      if (unknown) {
        // A narrow bracket: the ids nearest where the boundary falls, one either side of it,
        // settle the edge when both have a time. Where that failed (ids without a time, times
        // in whole seconds shared by many ids), the next rounds split the bracket evenly.
        count = NARROW_PROBES;
        ids =
          narrowRounds === 0
            ? nearest(unknown, [this.position(boundaryMs, lo, hi)])
            : nearest(
                unknown,
                [1, 2].map((k) => lo + (k * (hi - lo)) / 3),
              );
        narrowRounds += 1;
      } else if (gallop > 0 && width > MIN_NULL_RUN) {
        // Probes landed on ids without a time: step out from both ends, further each round.
        ids = this.fresh([lo + gallop, hi - gallop, lo + 2 * gallop]).filter(
          (id) => id > lo && id < hi,
        );
      } else if (gallop > 0) {
        ids = this.fresh(spreadAcross(lo, hi, PROBES_PER_ROUND));
      } else {
        const estimate =
          guess !== undefined && guess > lo && guess < hi
            ? guess
            : this.interpolate(targetMs, lo, hi);
        first ??= estimate;
        last = estimate;
        spread ??= Math.max(1, Math.ceil(width / FIRST_SPREAD_DIVISOR));
        // With slack, one probe timed within it ends the search: space the probes by the ids
        // the slack spans, so one of them likely lands there.
        const slackIds = this.idsPerMs(lo, hi) * slackMs;
        const step = slackIds >= 2 ? Math.min(spread, Math.floor(slackIds * 0.9)) : spread;
        ids = this.fresh(around(estimate, step, lo, hi));
        guess = undefined;
      }
      if (ids.length === 0) ids = this.fresh(spreadAcross(lo, hi, PROBES_PER_ROUND));
      if (ids.length === 0) ids = this.nearestUnknown(lo, hi, lo + Math.floor((hi - lo) / 2));
      if (ids.length === 0) {
        // Every id of the bracket was probed, none with a time: they go with `hi`.
        return this.landmark(lo + 1, boundaryMs);
      }
      const probing = ids.slice(0, count);
      const found = await this.probe(probing);
      nullRounds = found === 0 && probing.length > 1 ? nullRounds + 1 : 0;
      const after = this.bracket(boundaryMs);
      if (gallop > 0) {
        // A run of ids without a time across the whole bracket, as far as the probes tell: the
        // earlier partition takes the whole bracket, so none of its own items is left after it.
        if (found === 0 && 2 * gallop >= width && width > MIN_NULL_RUN) {
          return this.landmark(hi, boundaryMs);
        }
        gallop *= 4;
      } else if (nullRounds > 0 && !unknown) {
        // Close probes on ids without a time: spread wider. Wide ones, twice: a run of them;
        // step out from both ends of the bracket instead, further each round.
        if ((spread ?? 0) < 16 || nullRounds < 2) {
          spread = (spread ?? 1) * 4;
          continue;
        }
        gallop = 4;
      }
      // This round's estimate against the one the narrower bracket gives: the next spread.
      if (last !== undefined) {
        const next = this.interpolate(targetMs, after.lo, after.hi);
        spread = Math.max(1, Math.ceil(Math.abs(next - last) * 1.5));
        last = undefined;
      }
    }
  }

  /**
   * Learns how far an edge's first estimate was off: the next edge's first probes go about the
   * root mean square of those errors (at least 2 ids) either side of its estimate.
   */
  private learn(error: number): void {
    this.errors.push(error * error);
    const mean = this.errors.reduce((sum, value) => sum + value, 0) / this.errors.length;
    this.scale = Math.max(2, Math.ceil(1.2 * Math.sqrt(mean)));
  }

  /**
   * Whether `hi`, timed within the slack, may end an edge whose bracket starts at `lo`. An item
   * timed early (a clock lagging by up to {@link EDGE_LAG_MS}) lies at most that far past the
   * boundary's ids, which a slack of that length absorbs. A shorter slack (partitions shorter
   * than 20 minutes, see `edgeTolerance`) checks it: once two edges give the rate, the ids
   * between `lo` and `hi` must fit in four times the ids the slack spans, else an early item far
   * past the boundary would end the edge, and the partitions up to it would be empty.
   */
  private plausibleGap(lo: number, hi: number, slackMs: number): boolean {
    const [a, b] = [this.landmarks.at(0), this.landmarks.at(-1)];
    if (slackMs >= EDGE_LAG_MS || !a || !b || b.ms <= a.ms) return true;
    const slackIds = ((b.id - a.id) / (b.ms - a.ms)) * slackMs;
    return hi - lo - 1 <= 4 * slackIds + 4;
  }

  /**
   * The rate of ids in time the edges found so far show; before two, the rate between the ends
   * of the bracket `(lo, hi)` (0 when they have no times to tell).
   */
  private idsPerMs(lo: number, hi: number): number {
    const [a, b] = [this.landmarks.at(0), this.landmarks.at(-1)];
    if (a && b && b.ms > a.ms) return (b.id - a.id) / (b.ms - a.ms);
    const tlo = this.known.get(lo);
    const thi = this.known.get(hi);
    if (tlo === undefined || thi === undefined || thi <= tlo) return 0;
    return (hi - lo) / ((thi - tlo) * 1000);
  }

  /**
   * The first estimate of an edge from the edges found nearest it, at their rate: between the
   * nearest on either side, else past the two nearest on one side.
   */
  private extrapolate(boundaryMs: number): number | undefined {
    const { landmarks } = this;
    const next = landmarks.findIndex((landmark) => landmark.ms > boundaryMs);
    const at = next === -1 ? landmarks.length - 1 : Math.max(1, next);
    const [a, b] = [landmarks[at - 1], landmarks[at]];
    if (!a || !b || b.ms <= a.ms) return undefined;
    return Math.round(b.id + ((boundaryMs - b.ms) * (b.id - a.id)) / (b.ms - a.ms));
  }

  /** Keeps an edge found (or known) as a landmark, in the order of the boundaries. */
  private landmark(id: number, boundaryMs: number): number {
    const at = this.landmarks.findIndex((landmark) => landmark.ms > boundaryMs);
    this.landmarks.splice(at === -1 ? this.landmarks.length : at, 0, { id, ms: boundaryMs });
    return id;
  }

  /** The last timed id before the boundary (0 if none) and the first after it above that. */
  private bracket(boundaryMs: number): { lo: number; hi: number } {
    let lo = 0;
    for (const id of this.timed) {
      if ((this.known.get(id) as number) * 1000 < boundaryMs) lo = id;
    }
    let hi = this.options.maxItem + 1;
    for (const id of this.timed) {
      if (id > lo && (this.known.get(id) as number) * 1000 >= boundaryMs) {
        hi = id;
        break;
      }
    }
    return { lo, hi };
  }

  /** Up to {@link PROBES_PER_ROUND} ids in `(lo, hi)` not probed yet, nearest `target` first. */
  private nearestUnknown(lo: number, hi: number, target: number): number[] {
    const ids: number[] = [];
    for (let step = 0; ids.length < PROBES_PER_ROUND && step <= hi - lo; step++) {
      for (const id of step === 0 ? [target] : [target - step, target + step]) {
        if (id > lo && id < hi && !this.known.has(id) && ids.length < PROBES_PER_ROUND) {
          ids.push(id);
        }
      }
    }
    return ids;
  }

  /** Those of `ids` not probed yet. */
  private fresh(ids: readonly number[]): number[] {
    return ids.filter((id) => !this.known.has(id));
  }

  /** The ids strictly between `lo` and `hi` not probed yet (called on narrow brackets only). */
  private unknownBetween(lo: number, hi: number): number[] {
    const ids: number[] = [];
    for (let id = lo + 1; id < hi; id++) if (!this.known.has(id)) ids.push(id);
    return ids;
  }

  /** Where the boundary should fall between `lo` and `hi`, by interpolation on their times. */
  private interpolate(boundaryMs: number, lo: number, hi: number): number {
    return Math.min(hi - 1, Math.max(lo + 1, Math.round(this.position(boundaryMs, lo, hi))));
  }

  /**
   * The (fractional) id at which the boundary falls between `lo` and `hi`: ids before it are
   * timed before the boundary, by linear interpolation on their times (the middle without them).
   */
  private position(boundaryMs: number, lo: number, hi: number): number {
    const tlo = this.known.get(lo);
    const thi = this.known.get(hi);
    if (tlo === undefined || thi === undefined || thi <= tlo) return lo + (hi - lo) / 2;
    const share = (boundaryMs / 1000 - tlo) / (thi - tlo);
    return lo + Math.min(1, Math.max(0, share)) * (hi - lo);
  }

  /**
   * Where `maxitem` has no time (a `null`, a tombstone, an item not yet written), probes the ids
   * just below it, further each round, until one with a time bounds the space from above: with
   * none, interpolation has no upper time, and an edge near the top (a window that just ended)
   * falls back to bisecting the whole space, about 30 requests. Ends at {@link MAX_UNTIMED_TOP}
   * ids below `maxitem`, where {@link checkTop} names the cause if an edge lies there.
   */
  private async anchorTop(): Promise<void> {
    const { maxItem } = this.options;
    if (this.known.get(maxItem) !== undefined) return;
    const floor = this.timed.at(-1) ?? 0;
    for (let step = 1; 3 * step <= MAX_UNTIMED_TOP; step *= 4) {
      const ids = [1, 2, 3].map((k) => maxItem - k * step).filter((id) => id > floor);
      if (ids.length === 0 || (await this.probe(ids)) > 0) return;
    }
  }

  /**
   * Probes `ids` in parallel, as one round; returns how many had a time. Ids another edge is
   * probing are waited for, not requested again.
   */
  private async probe(ids: readonly number[]): Promise<number> {
    this.stopIfFailed();
    const wanted = [...new Set(ids)].filter(
      (id) => id >= 1 && id <= this.options.maxItem && !this.known.has(id),
    );
    const waiting = wanted.filter((id) => this.inFlight.has(id));
    let fresh = wanted.filter((id) => !this.inFlight.has(id));
    if (this.timed.length === 0) {
      // No item with a time yet: stop at the all-null bound exactly, not a round past it.
      if (this.probes >= MAX_ALL_NULL_PROBES) this.fail('all-null');
      fresh = fresh.slice(0, MAX_ALL_NULL_PROBES - this.probes);
    }
    if (this.probes + fresh.length > this.maxRequests) this.fail('budget');
    this.probes += fresh.length;
    const round = this.roundsDone + 1;
    const requests = [
      ...fresh.map((id) => {
        const request = this.request(id);
        this.inFlight.set(id, request);
        return request;
      }),
      ...waiting.flatMap((id) => this.inFlight.get(id) ?? []),
    ];
    let times: Array<number | undefined>;
    try {
      times = await Promise.all(requests);
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      this.roundsDone = Math.max(this.roundsDone, round);
    }
    // Another edge's search failed while these were in flight: this one stops too.
    this.stopIfFailed();
    this.checkOrder();
    return times.filter((time) => time !== undefined).length;
  }

  /** Throws the failure of an edge searched at once with this one, if any. */
  private stopIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** The time of `id` from the API, known to every edge once answered. */
  private async request(id: number): Promise<number | undefined> {
    try {
      const time = await this.options.timeOf(id);
      this.known.set(id, time);
      if (time !== undefined) this.timed.splice(sortedIndex(this.timed, id), 0, id);
      return time;
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Fails when a later id is timed more than the lag tolerance before an earlier one. */
  private checkOrder(): void {
    let latest: { id: number; time: number } | undefined;
    for (const id of this.timed) {
      const time = this.known.get(id) as number;
      if (latest && (latest.time - time) * 1000 > LAG_TOLERANCE_MS) {
        this.fail(
          'times-backwards',
          `item ${id} is timed ${isoOf(time)}, ${Math.round((latest.time - time) / 60)} minutes ` +
            `before item ${latest.id} (${isoOf(latest.time)}): the API's times run backwards`,
        );
      }
      if (!latest || time > latest.time) latest = { id, time };
    }
    if (this.timed.length === 0 && this.probes >= MAX_ALL_NULL_PROBES) {
      this.fail('all-null');
    }
  }

  /** Fails when an edge lies in a top of the space that has no timed item. */
  private checkTop(edges: readonly number[]): void {
    const { maxItem } = this.options;
    const newest = this.timed.at(-1);
    if (newest === undefined) {
      // A space of a few ids may hold no item; a large one that answered none is a bad API.
      if (maxItem > MAX_ALL_NULL_PROBES) this.fail('all-null');
      return;
    }
    if (maxItem - newest > MAX_UNTIMED_TOP && edges.some((edge) => edge > newest)) {
      this.fail(
        'maxitem-past-newest',
        `maxitem is ${maxItem}, but the newest item found with a time is ${newest}: ` +
          `the API's maxitem lies past its newest item`,
      );
    }
  }

  /** Throws the search's failure; edges searched at once stop at their next round. */
  private fail(cause: SearchFailureCause, detail?: string): never {
    const messages: Record<SearchFailureCause, string> = {
      'all-null': `every one of the ${this.probes} ids probed answered no item: the API serves no items`,
      'times-backwards': detail ?? "the API's times run backwards",
      'maxitem-past-newest': detail ?? "the API's maxitem lies past its newest item",
      'maxitem-backwards': detail ?? "the API's maxitem went backwards",
      budget:
        `more than ${this.maxRequests} requests without finding the edges: ` +
        'the ids probed answered too few items with a time',
    };
    const error = new SearchFailedError(cause, messages[cause]);
    this.failure ??= error;
    throw error;
  }
}

/** The ids of one window `[startMs, endMs)`: {@link searchEdges} of its two boundaries. */
export async function searchItemRange(options: {
  startMs: number;
  endMs: number;
  maxItem: number;
  timeOf: (id: number) => Promise<number | undefined>;
  maxRequests?: number;
  slackMs?: number;
}): Promise<{ fromId: number; toId: number; probes: number }> {
  const { edges, probes } = await searchEdges({
    boundariesMs: [options.startMs, options.endMs],
    maxItem: options.maxItem,
    timeOf: options.timeOf,
    ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
    ...(options.slackMs === undefined ? {} : { slackMs: options.slackMs }),
  });
  return { fromId: edges[0] as number, toId: (edges[1] as number) - 1, probes };
}
