/** Raised when a Temporal server binary can be found neither by override, provisioning nor download. */
export class TemporalBinaryNotFoundError extends Error {
  readonly code = 'TEMPORAL_BINARY_NOT_FOUND';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemporalBinaryNotFoundError';
  }
}
