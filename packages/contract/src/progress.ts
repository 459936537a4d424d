/** Where a run is. */
export type Phase = 'listing' | 'fetching' | 'analysing' | 'storing' | 'done';

/** A run's progress, as the `progress` query of `@hn/workflows` reports it. */
export interface Progress {
  phase: Phase;
  /** Ids to fetch (known once the list is read; 0 before). */
  total: number;
  /** Items fetched so far, stories and skipped items alike. */
  fetched: number;
  /** Items among `fetched` that produced no story. */
  skipped: number;
}
