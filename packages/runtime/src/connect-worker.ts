import { NativeConnection } from '@temporalio/worker';
import {
  cannotConnectError,
  loadConnectionOptions,
  type TemporalConnectionConfig,
} from './connection-options';

/**
 * Connects a worker's `NativeConnection` with the shared settings ({@link loadConnectionOptions}
 * unless `config` is given). Pass `config.namespace` to `Worker.create` and close the connection
 * after the worker stops.
 *
 * ```ts
 * import { loadConnectionOptions } from '@hn/runtime';
 * import { connectWorker } from '@hn/runtime/worker';
 * const temporal = loadConnectionOptions();
 * const connection = await connectWorker(temporal);
 * const worker = await Worker.create({ connection, namespace: temporal.namespace, ... });
 * ```
 *
 * @throws TemporalConnectionError `CANNOT_CONNECT` naming the address when the service does not
 * answer; `INVALID_CONNECTION_CONFIG` from loading the settings.
 */
export async function connectWorker(
  config: TemporalConnectionConfig = loadConnectionOptions(),
): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(config.connectionOptions);
  } catch (error) {
    throw cannotConnectError(config, error);
  }
}
