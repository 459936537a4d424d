/** Exit codes of every starter command. Scripts may rely on them. */
export const EXIT = {
  /** The command did what it was asked. */
  OK: 0,
  /** The run or the operation failed (the server rejected it, the workflow failed). */
  FAILED: 1,
  /** Bad command line or option value: nothing was sent. */
  USAGE: 2,
  /** The schedule does not exist. */
  NOT_FOUND: 3,
  /** The Temporal service could not be reached. */
  CANNOT_CONNECT: 4,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as `--help` shows them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  the run or the operation failed (the reason and its causes are printed)
  2  usage error: a bad command, option or value; nothing was sent
  3  no such schedule
  4  Temporal unreachable`;
