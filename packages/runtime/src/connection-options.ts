import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { TemporalConnectionError } from './errors';
import { redactUrls } from '@hn/contract';

/** Where Temporal's dev server listens unless told otherwise. */
export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';

/** Temporal connection settings, resolved once and shared by a client and a worker. */
export interface TemporalConnectionConfig {
  /** `host:port`; {@link DEFAULT_TEMPORAL_ADDRESS} when nothing sets one. */
  address: string;
  /** `default` when nothing sets one. */
  namespace: string;
  /** The `temporal.toml` profile read (`TEMPORAL_PROFILE`, else `default`). */
  profile: string;
  /** Whether the connection uses TLS (set explicitly, or implied by an API key). */
  tls: boolean;
  /** Whether an API key is configured (the key itself is never exposed here). */
  apiKey: boolean;
  /**
   * What to pass to `Connection.connect` / `NativeConnection.connect`; holds the API key and
   * TLS material, so never log it: log {@link describeConnection} instead.
   */
  connectionOptions: ClientConnectConfig['connectionOptions'];
}

/** Options of {@link loadConnectionOptions}. */
export interface LoadConnectionOptions {
  /** Environment to read instead of `process.env`. */
  env?: Record<string, string | undefined>;
  /** Profile to read instead of `TEMPORAL_PROFILE` (else `default`). */
  profile?: string;
  /** `temporal.toml` to read instead of `TEMPORAL_CONFIG_FILE` or the default location. */
  configFile?: string;
}

/**
 * Reads the Temporal connection settings the way every Temporal tool does, through
 * `@temporalio/envconfig`: a `temporal.toml` profile (`TEMPORAL_CONFIG_FILE`, else the user's
 * config directory; `TEMPORAL_PROFILE`, else `default`), overridden by `TEMPORAL_ADDRESS`,
 * `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS` and `TEMPORAL_TLS_*`
 * (`CLIENT_CERT_PATH`, `CLIENT_KEY_PATH`, `SERVER_CA_CERT_PATH`, `SERVER_NAME`, … and their
 * `_DATA` forms) and `TEMPORAL_GRPC_META_*`. A missing file is not an error; the defaults are
 * `localhost:7233` and namespace `default`.
 *
 * @throws TemporalConnectionError `INVALID_CONNECTION_CONFIG` for an unreadable or invalid
 * `temporal.toml`, an unknown profile, or a TLS file that cannot be read.
 */
export function loadConnectionOptions(
  options: LoadConnectionOptions = {},
): TemporalConnectionConfig {
  const env = options.env ?? process.env;
  const profile = options.profile ?? env.TEMPORAL_PROFILE ?? 'default';
  let loaded: ClientConnectConfig;
  try {
    loaded = loadClientConnectConfig({
      profile: options.profile,
      configSource: options.configFile ? { path: options.configFile } : undefined,
      overrideEnvVars: definedOnly(env),
    });
  } catch (error) {
    const file = options.configFile ?? env.TEMPORAL_CONFIG_FILE ?? 'temporal.toml';
    throw new TemporalConnectionError(
      'INVALID_CONNECTION_CONFIG',
      `Cannot read the Temporal connection settings (profile "${profile}" of ${file}, ` +
        `TEMPORAL_* variables): ${redactUrls((error as Error).message)}\n` +
        `Fix the file or the variables, or unset TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE to use ` +
        `${DEFAULT_TEMPORAL_ADDRESS}.`,
      undefined,
      undefined,
      { cause: error },
    );
  }
  const { connectionOptions } = loaded;
  return {
    address: connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS,
    namespace: loaded.namespace ?? 'default',
    profile,
    tls: Boolean(connectionOptions.tls),
    apiKey: connectionOptions.apiKey !== undefined,
    connectionOptions: {
      ...connectionOptions,
      address: connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS,
    },
  };
}

/**
 * A one-line description for logs and messages, without secrets:
 * `127.0.0.1:7233 (namespace default)`, `acme.a1b2c.tmprl.cloud:7233 (namespace acme.a1b2c, TLS, API key)`.
 */
export function describeConnection(config: TemporalConnectionConfig): string {
  const extras = [`namespace ${config.namespace}`];
  if (config.tls) extras.push('TLS');
  if (config.apiKey) extras.push('API key');
  return `${config.address} (${extras.join(', ')})`;
}

/**
 * The error for a connection attempt that failed, with what to do: start a dev server, or point
 * the settings at a running service.
 */
export function cannotConnectError(
  config: TemporalConnectionConfig,
  error: unknown,
): TemporalConnectionError {
  const reason = redactUrls(error instanceof Error ? error.message : String(error));
  return new TemporalConnectionError(
    'CANNOT_CONNECT',
    `Cannot connect to Temporal at ${describeConnection(config)}: ${reason}\n` +
      `Start a local dev server with 'pnpm start' (dev server, Web UI and worker) or ` +
      `'temporal server start-dev', or point TEMPORAL_ADDRESS (or a temporal.toml profile ` +
      `through TEMPORAL_PROFILE) at a running Temporal service.`,
    config.address,
    config.namespace,
    { cause: error },
  );
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
