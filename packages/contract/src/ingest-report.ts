import type { IngestWindow } from './ingest-input';
import type { IngestCounts } from './items';

/** Where an ingest run is. */
export type IngestPhase = 'resolving' | 'ingesting' | 'recording' | 'done' | 'failed';

/** What the `ingestProgress` query of `HackerNewsIngestWorkflow` answers. */
export interface IngestProgress {
  phase: IngestPhase;
  /** The partition's key (see `IngestPartitionRecord.key`). */
  key: string;
  /** The time window, or `null` for an id-range ingest. */
  window: IngestWindow | null;
  /** The id range; `null` until a window is resolved to ids. */
  fromId: number | null;
  toId: number | null;
  /** Ids in the range. */
  total: number;
  /** Ids stored so far, over every run of the chain. */
  done: number;
  counts: IngestCounts;
  /** The first invalid ids (at most 20). */
  invalidSample: number[];
  /** Ids stored per second since the chain's first run started. */
  itemsPerSecond: number;
  /** `ingestItems` activities in flight now. */
  activitiesInFlight: number;
  /** Continue-as-new count so far. */
  continuedAsNew: number;
}

/** What `HackerNewsIngestWorkflow` returns: counts, never item data. */
export interface HackerNewsIngestResult {
  key: string;
  window: IngestWindow | null;
  fromId: number;
  /** Inclusive; `fromId - 1` for an empty window. */
  toId: number;
  /** Ids in the range; each is stored once as an item, a missing id or an invalid one. */
  total: number;
  counts: IngestCounts;
  /** The first invalid ids (at most 20); `counts.invalid` is exact. */
  invalidSample: number[];
  /** How many times the chain continued as new. */
  continuedAsNew: number;
  /** ISO-8601 UTC: when the chain's first run started, and when the last finished. */
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  itemsPerSecond: number;
}

/** A chunk that could not be stored, as `IngestFailureDetails` lists it. */
export interface FailedChunk {
  fromId: number;
  toId: number;
  /** Every id below it (from `fromId`) was stored. */
  nextId: number;
  /** `ApplicationFailure.type` of the last attempt, or the failure's name. */
  type: string;
  message: string;
}

/** Details of a `HackerNewsIngestFailed` failure: what was stored and what was not. */
export interface IngestFailureDetails {
  key: string;
  window: IngestWindow | null;
  fromId: number;
  toId: number;
  /** What was stored, the failed chunks' stored prefixes included. */
  counts: IngestCounts;
  invalidSample: number[];
  /** The chunks that failed (at most 10 listed) and how many failed in all. */
  failedChunks: FailedChunk[];
  failedChunkCount: number;
}
