/** Pure helpers of the edge search (`searchEdges`): where a round's probes go. */

/** The estimate and an id `spread` away on either side, those within `(lo, hi)`. */
export function around(center: number, spread: number, lo: number, hi: number): number[] {
  return [center - spread, center, center + spread].filter((id) => id > lo && id < hi);
}

/**
 * Of `ids`, the nearest to each target in turn (each id once), then the rest by distance to the
 * first target.
 */
export function nearest(ids: readonly number[], targets: readonly number[]): number[] {
  const left = [...ids];
  const chosen: number[] = [];
  for (const target of targets) {
    left.sort((x, y) => Math.abs(x - target) - Math.abs(y - target));
    const id = left.shift();
    if (id !== undefined) chosen.push(id);
  }
  const first = targets[0] as number;
  return [...chosen, ...left.sort((x, y) => Math.abs(x - first) - Math.abs(y - first))];
}

/** `count` ids evenly spread strictly inside `(lo, hi)`. */
export function spreadAcross(lo: number, hi: number, count: number): number[] {
  return Array.from(
    { length: count },
    (_, k) => lo + Math.round(((k + 1) * (hi - lo)) / (count + 1)),
  );
}

/** `edges`, each raised to the one before it, so every range is valid (maybe empty). */
export function ascending(edges: readonly number[]): number[] {
  const result: number[] = [];
  for (const edge of edges) result.push(Math.max(edge, result.at(-1) ?? 1));
  return result;
}

export function sortedIndex(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
