import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

/** Raised when the Temporal service cannot be reached; the message says how to fix it. */
export class ConnectError extends Error {
  readonly code = 'CANNOT_CONNECT';
}

/**
 * Connects a client through `@temporalio/envconfig`: `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`,
 * `TEMPORAL_API_KEY`, TLS settings and `temporal.toml` profiles, so a cluster or Temporal Cloud
 * needs no code change.
 */
export async function connectClient(): Promise<Client> {
  const { connectionOptions, namespace = 'default' } = loadClientConnectConfig();
  const address = connectionOptions.address ?? 'localhost:7233';
  try {
    const connection = await Connection.connect({
      ...connectionOptions,
      connectTimeout: '5 seconds',
    });
    return new Client({ connection, namespace });
  } catch (error) {
    throw new ConnectError(
      `Cannot reach Temporal at ${address} (namespace ${namespace}): ${(error as Error).message}\n` +
        `Start one with 'pnpm start' (embedded dev server) or 'temporal server start-dev', or set TEMPORAL_ADDRESS.`,
      { cause: error },
    );
  }
}
