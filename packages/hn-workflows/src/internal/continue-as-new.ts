import { DEFAULT_INGEST_OPTIONS, type IngestOptions } from '@hn/contract';
import { workflowInfo } from '@temporalio/workflow';

/**
 * Whether a run that has started `started` pieces of work should start no more and continue as
 * new: Temporal suggests it when the history grows large. A run always starts one piece first, so
 * a chain makes progress whatever the suggestion.
 */
export function continueAsNewSuggested(started: number): boolean {
  return started > 0 && workflowInfo().continueAsNewSuggested;
}

/** The ingest options a run passes on to its continuation, as the caller resolved them. */
export function ingestOptionsOf(options: IngestOptions): IngestOptions {
  const carried = {} as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_INGEST_OPTIONS)) {
    if (key !== 'partition') carried[key] = (options as unknown as Record<string, unknown>)[key];
  }
  return carried as unknown as IngestOptions;
}
