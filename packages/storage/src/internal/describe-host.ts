/** `host:port` of a PostgreSQL URL, for messages; the default port is 5432. */
export function describeHost(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.hostname) return 'the default local socket';
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'the configured host';
  }
}
