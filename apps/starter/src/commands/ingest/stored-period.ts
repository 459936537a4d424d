// The worker's destination as the ingest commands read it: HN_DESTINATION, else the worker's default.
import { readableDestination } from '@hn/storage';
import { UsageError } from '@hn/runtime/client';
import { defaultDestination } from '@hn/runtime';

/** The destination the worker writes to, as text. */
export function destinationText(): string {
  return process.env.HN_DESTINATION ?? defaultDestination();
}

/**
 * The destination to `what` (read, check), or the SQLite file it names when that does not exist yet.
 *
 * @throws {UsageError} when `HN_DESTINATION` is `none`.
 */
export function storedDestination(what: string): ReturnType<typeof readableDestination> {
  const text = destinationText();
  if (text === 'none') {
    throw new UsageError(`HN_DESTINATION is "none": there is no destination to ${what}.`);
  }
  return readableDestination(text);
}
