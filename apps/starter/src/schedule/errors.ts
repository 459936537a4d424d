/** A bad command line: unknown flag, missing or invalid value. Exits with code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';

  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
