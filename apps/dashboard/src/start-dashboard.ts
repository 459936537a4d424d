import { openReadModel } from '@hn/read-model';
import { loadConnectionOptions } from '@hn/runtime';
import { connectClient } from '@hn/runtime/client';
import { parseDestinationUrl } from '@hn/storage';
import type { Client } from '@temporalio/client';
import { createDashboardServer } from './server';

/** Options of {@link startDashboard}. */
export interface StartDashboardOptions {
  /** The store: `sqlite:./data/hn.db`, a path, or `postgres://…` (opened read-only). */
  destination: string;
  /** Interface to bind; default `127.0.0.1` (this machine only). */
  host?: string;
  /** Port; default 0 (a free one). */
  port?: number;
  /** Temporal frontend `host:port` for the backfills view; omit to read the usual settings. */
  temporalAddress?: string;
  temporalNamespace?: string;
  /** Connect to Temporal for the backfills view. Default true. */
  temporal?: boolean;
  /** Base URL of the Temporal Web UI, for links to runs. */
  webUiUrl?: string;
  publicDir?: string;
}

/** A running dashboard. */
export interface RunningDashboard {
  /** `http://host:port/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the store read-only, connects to Temporal (when asked) and serves the dashboard. For
 * `pnpm start` and tests; `pnpm --filter dashboard start` is its command line.
 */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const model = await openReadModel(parseDestinationUrl(options.destination));
  let client: Client | undefined;
  let namespace = 'default';
  try {
    if (options.temporal !== false) {
      const config = loadConnectionOptions({
        env: {
          ...process.env,
          ...(options.temporalAddress !== undefined && {
            TEMPORAL_ADDRESS: options.temporalAddress,
          }),
          ...(options.temporalNamespace !== undefined && {
            TEMPORAL_NAMESPACE: options.temporalNamespace,
          }),
        },
      });
      namespace = config.namespace;
      client = await connectClient(config);
    }
    const app = await createDashboardServer({
      model,
      ...(client !== undefined && { temporal: { client, namespace } }),
      ...(options.webUiUrl !== undefined && { webUiUrl: options.webUiUrl }),
      ...(options.publicDir !== undefined && { publicDir: options.publicDir }),
    });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ host, port: options.port ?? 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${shownHost}:${port}/`,
      async close() {
        await app.close();
        await client?.connection.close();
        await model.close();
      },
    };
  } catch (error) {
    await client?.connection.close();
    await model.close();
    throw error;
  }
}
