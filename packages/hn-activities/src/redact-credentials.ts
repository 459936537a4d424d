// The userinfo of an absolute URL: everything between `scheme://` and the first `@` before the
// host, which cannot hold `/`, `?`, `#` or whitespace.
const USERINFO = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#@]*@/gi;

/**
 * Replaces the credentials (`user:password@`) of every URL in `text` with `***@`, so a URL or a
 * message that quotes one can be logged or shown: `https://user:secret@example.com/v0` becomes
 * `https://***@example.com/v0`. Text without such URLs is returned unchanged.
 */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
