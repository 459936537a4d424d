import { StorageError } from '../errors';
import { messageOf } from './drivers';
import { redactUrl } from '@hn/contract';
import { describeHost } from './describe-host';

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

/**
 * Maps a driver error to a `CONNECTION_FAILED` error with what to check, or returns undefined
 * when the error is not about reaching the PostgreSQL server.
 */
export function postgresConnectionError(url: string, error: unknown): StorageError | undefined {
  const where = `PostgreSQL at ${redactUrl(url)}`;
  const host = describeHost(url);
  const code = errorCode(error);
  let advice: string | undefined;
  if (code !== undefined && code in NETWORK_CODES) {
    advice =
      `${NETWORK_CODES[code]} (${code}). Check that the server is running and accepts TCP ` +
      `connections on ${host} (listen_addresses, port) and that no firewall blocks it.`;
  } else if (code === '28P01' || code === '28000') {
    advice =
      `authentication failed (${code}). Check the user name and password in the URL and the ` +
      "server's pg_hba.conf.";
  } else if (code === '3D000') {
    advice = `${messageOf(error)} (${code}). Create the database first (createdb) or fix its name in the URL.`;
  } else if (/timeout|terminated/i.test(messageOf(error)) && code === undefined) {
    advice =
      `${messageOf(error)}. Check that ${host} is reachable from this machine and that the ` +
      'server is not out of connections (max_connections).';
  }
  if (advice === undefined) return undefined;
  return new StorageError('CONNECTION_FAILED', `Cannot connect to ${where}: ${advice}`, {
    cause: error,
  });
}

/** Node reports a refused dual-stack connection as an AggregateError; its parts carry the code. */
function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = errorCode(inner);
      if (innerCode !== undefined) return innerCode;
    }
  }
  return undefined;
}
