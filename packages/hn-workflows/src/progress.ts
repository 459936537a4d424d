import { defineQuery } from '@temporalio/workflow';

/** Where a run is. */
export type Phase = 'listing' | 'fetching' | 'analysing' | 'storing' | 'done';

/** A run's progress, as the {@link progressQuery} reports it. */
export interface Progress {
  phase: Phase;
  /** Ids to fetch (known once the list is read; 0 before). */
  total: number;
  /** Items fetched so far, stories and skipped items alike. */
  fetched: number;
  /** Items among `fetched` that produced no story. */
  skipped: number;
}

/** Query a running (or finished) pipeline's progress: `handle.query(progressQuery)`. */
export const progressQuery = defineQuery<Progress>('progress');
