/** A source of uniform numbers in `[0, 1)`. */
export type Random = () => number;

/**
 * A small, fast, seeded pseudo-random generator (mulberry32 over a splitmix-scrambled seed).
 * The same `seed` and `salt` always give the same sequence; `salt` separates independent streams
 * drawn from one user-facing seed (the dataset and the fault decisions).
 */
export function createPrng(seed: number, salt = 0): Random {
  let state = scramble((Math.trunc(seed) ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scramble(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** An integer in `[min, max]`, both inclusive. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty array. */
export function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random() < p;
}

/** A new array with the elements of `values` in a seeded random order (Fisher-Yates). */
export function shuffled<T>(random: Random, values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
