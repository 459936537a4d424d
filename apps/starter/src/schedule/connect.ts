import { isGrpcServiceError, type Client } from '@temporalio/client';
import { connectClient, ConnectError } from '../temporal-client';

/** A connected client and how to close it. */
export interface ConnectedClient {
  client: Client;
  close(): Promise<void>;
}

/**
 * Connects with the app's standard configuration (`connectClient`: `TEMPORAL_ADDRESS`,
 * `TEMPORAL_NAMESPACE`, profiles through `@temporalio/envconfig`).
 *
 * @throws ConnectError when the server does not answer (exit code 4).
 */
export async function connectFromEnvironment(): Promise<ConnectedClient> {
  const client = await connectClient();
  return { client, close: () => client.connection.close() };
}

/** gRPC status UNAVAILABLE: the server went away during a call. */
const GRPC_UNAVAILABLE = 14;

/** Whether an error means the server cannot be reached. */
export function isCannotConnect(error: unknown): boolean {
  return (
    error instanceof ConnectError ||
    (isGrpcServiceError(error) && (error.code as number) === GRPC_UNAVAILABLE)
  );
}
