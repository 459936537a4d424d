/**
 * - `INVALID_CONNECTION_CONFIG`: the Temporal connection settings (`TEMPORAL_*` variables, a
 *   `temporal.toml` profile, TLS files) cannot be read.
 * - `CANNOT_CONNECT`: the Temporal service at the configured address did not answer (not
 *   running, wrong address, TLS or API key refused).
 */
export type TemporalConnectionErrorCode = 'INVALID_CONNECTION_CONFIG' | 'CANNOT_CONNECT';

/**
 * Raised by {@link loadConnectionOptions}, `connectClient` and `connectWorker`. The message names
 * the address and namespace and says what to do; `cause` is the SDK's error.
 */
export class TemporalConnectionError extends Error {
  override readonly name = 'TemporalConnectionError';

  constructor(
    readonly code: TemporalConnectionErrorCode,
    message: string,
    /** `host:port` tried, when known. */
    readonly address: string | undefined,
    /** Namespace configured, when known. */
    readonly namespace: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
