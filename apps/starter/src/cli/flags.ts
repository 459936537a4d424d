/** The ingest options `ingest` and `ingest backfill` take as flags (rows of `INGEST_OPTIONS`). */
export const INGEST_FLAGS = ['concurrency', 'chunkSize', 'maxAttempts'] as const;

/** The {@link INGEST_FLAGS} given on the command line, as ingest options. */
export function ingestFlagValues(
  flags: Partial<Record<(typeof INGEST_FLAGS)[number], number>>,
): Partial<Record<(typeof INGEST_FLAGS)[number], number>> {
  return Object.fromEntries(
    INGEST_FLAGS.filter((field) => flags[field] !== undefined).map((field) => [
      field,
      flags[field],
    ]),
  );
}
