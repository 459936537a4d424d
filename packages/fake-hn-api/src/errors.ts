/** Stable codes of {@link FakeHnApiError}. */
export type FakeHnApiErrorCode = 'INVALID_FAULTS' | 'INVALID_DATASET' | 'INVALID_OPTIONS';

/**
 * Raised for bad input to the fake API: an invalid fault setting, dataset or server option.
 * Nothing is applied when it is thrown. The control endpoint answers 400 with its message.
 */
export class FakeHnApiError extends Error {
  readonly code: FakeHnApiErrorCode;

  constructor(code: FakeHnApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FakeHnApiError';
    this.code = code;
  }
}
