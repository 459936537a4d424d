import { hashInts } from './segment-layout';

/**
 * What changes in a live space with time, each a pure function of (seed, id) and an age, so an
 * item at a given instant is the same on every run and nothing is kept per id.
 */

const JITTER_SALT = 0x71e;
const FATE_SALT = 0xfa7e;
const FATE_AGE_SALT = 0xfa7f;
const SCORE_SALT = 0x5c0e;

const DAY = 86_400;
/** Share of submissions (stories, polls, jobs) timed before their place on the clock. */
const P_JITTER = 0.4;
/** Share of live stories and comments deleted later, and made dead later. */
const P_LATER_DELETED = 0.01;
const P_LATER_DEAD = 0.005;
/** A score reaches 1 - 1/e of its final value at this age, and is settled within two days. */
export const SCORE_SETTLE_SECONDS = 6 * 3600;
/** Ages over which scores and fates still change: two days. */
export const VOLATILE_SECONDS = 2 * DAY;

const unit = (seed: number, id: number, salt: number): number =>
  hashInts(seed, id, salt) / 4_294_967_296;

/**
 * Seconds a submission's `time` lies before its place on the clock: 0 for most, 1 to 120 for
 * 40% (most under 10), so a story is sometimes timed before ids allocated ahead of it, as on
 * the real site, where `time` is taken when the form opens and the id when it is saved.
 */
export function timeJitter(seed: number, id: number): number {
  const u = unit(seed, id, JITTER_SALT) / P_JITTER;
  return u >= 1 ? 0 : 1 + Math.floor(u * u * 120);
}

/** What becomes of a live item later: deleted or dead at an age (seconds) under two days. */
export interface LaterFate {
  kind: 'deleted' | 'dead';
  age: number;
}

export function laterFate(seed: number, id: number): LaterFate | undefined {
  const u = unit(seed, id, FATE_SALT);
  if (u >= P_LATER_DELETED + P_LATER_DEAD) return undefined;
  const v = unit(seed, id, FATE_AGE_SALT);
  // Most within the first hours, none after two days.
  return { kind: u < P_LATER_DELETED ? 'deleted' : 'dead', age: 60 + Math.floor(v * v * DAY) };
}

/** The score a story or poll ends with, heavy-tailed like front-page votes. */
export function finalScore(seed: number, id: number): number {
  const u = unit(seed, id, SCORE_SALT);
  return Math.max(1, Math.round(Math.exp(u * u * 6.9)));
}

/** The score at an age: 1 when new, growing towards `final` and settled after two days. */
export function scoreAt(final: number, age: number): number {
  if (age <= 0) return 1;
  return Math.max(1, Math.round(final * (1 - Math.exp(-age / SCORE_SETTLE_SECONDS))));
}

/** Options of a live space's clock. */
export interface LiveClockOptions {
  /** Milliseconds since the epoch, like `Date.now` (the default). */
  clock?: () => number;
  /**
   * How fast the space's time runs against `clock`, from its reading at start: 1 (default) in
   * step, 10 ten times faster, 0 frozen. From 0 to 100,000.
   */
  speed?: number;
}

/** Unix seconds of a live space: `clock` at start, then `speed` times as fast. */
export function virtualClock(options: LiveClockOptions): () => number {
  const clock = options.clock ?? Date.now;
  const speed = options.speed ?? 1;
  const start = clock();
  return () => Math.floor((start + (clock() - start) * speed) / 1000);
}
