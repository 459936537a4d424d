import { Client, Connection } from '@temporalio/client';
import {
  cannotConnectError,
  loadConnectionOptions,
  type TemporalConnectionConfig,
} from './connection-options';

/** Options of {@link connectClient}. */
export interface ConnectClientOptions {
  /** How long to wait for the service to answer, in milliseconds. Default 5000. */
  connectTimeoutMs?: number;
}

/**
 * Connects a Temporal `Client` with the shared settings ({@link loadConnectionOptions} unless
 * `config` is given). Close it with `client.connection.close()`.
 *
 * ```ts
 * import { connectClient } from '@hn/runtime/client';
 * const client = await connectClient();
 * ```
 *
 * @throws TemporalConnectionError `CANNOT_CONNECT` naming the address when the service does not
 * answer within `connectTimeoutMs`; `INVALID_CONNECTION_CONFIG` from loading the settings.
 */
export async function connectClient(
  config: TemporalConnectionConfig = loadConnectionOptions(),
  options: ConnectClientOptions = {},
): Promise<Client> {
  try {
    const connection = await Connection.connect({
      ...config.connectionOptions,
      connectTimeout: options.connectTimeoutMs ?? 5000,
    });
    return new Client({ connection, namespace: config.namespace });
  } catch (error) {
    throw cannotConnectError(config, error);
  }
}
