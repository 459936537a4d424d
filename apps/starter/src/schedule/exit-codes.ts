/** Exit codes of the schedule command. Scripts may rely on them. */
export const EXIT = {
  /** The operation succeeded. */
  OK: 0,
  /** The server rejected or failed the operation. */
  FAILED: 1,
  /** Bad command line or option value: nothing was sent. */
  USAGE: 2,
  /** The schedule does not exist. */
  NOT_FOUND: 3,
  /** The Temporal server could not be reached. */
  CANNOT_CONNECT: 4,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
