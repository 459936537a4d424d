/** The URL with its password (in the user info or a `password` parameter) replaced by `***`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a URL that could not be parsed)';
  }
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

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
