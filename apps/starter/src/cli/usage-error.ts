/**
 * A bad command line (unknown command or option, missing or invalid value): nothing was sent.
 * Exits with code 2 and a hint to `--help`.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
