/** What a redacted credential is replaced with. */
export const REDACTED = '***';

/**
 * Query (and fragment) parameter names whose values are credentials, compared case-insensitively.
 * A name also counts as sensitive when it ends with `_`, `-` or `.` followed by one of
 * {@link SENSITIVE_PARAMETER_SUFFIXES} (`x-amz-security-token`, `client_secret`, `app.key`).
 */
export const SENSITIVE_QUERY_PARAMETERS: readonly string[] = [
  'access_token',
  'api_key',
  'api-key',
  'apikey',
  'auth',
  'authorization',
  'client_secret',
  'credential',
  'credentials',
  'id_token',
  'jwt',
  'key',
  'passwd',
  'password',
  'pwd',
  'refresh_token',
  'secret',
  'session',
  'sessionid',
  'sig',
  'signature',
  'token',
];

/** Name endings that make a parameter sensitive, after a `_`, `-` or `.`: see {@link SENSITIVE_QUERY_PARAMETERS}. */
export const SENSITIVE_PARAMETER_SUFFIXES: readonly string[] = [
  'key',
  'password',
  'secret',
  'signature',
  'token',
  'credential',
];

const SENSITIVE_NAMES = new Set(SENSITIVE_QUERY_PARAMETERS);
const SENSITIVE_SUFFIX = new RegExp(`[_.-](?:${SENSITIVE_PARAMETER_SUFFIXES.join('|')})$`);

/** Whether a query parameter with this name carries a credential. */
export function isSensitiveParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_NAMES.has(lower) || SENSITIVE_SUFFIX.test(lower);
}

/**
 * The URL with its credentials replaced by `***`: the password of the user info (`user:***@`),
 * or the user name when there is no password (`***@`, as for a token used as user name), and the
 * value of every sensitive query or fragment parameter ({@link SENSITIVE_QUERY_PARAMETERS}).
 * A URL without credentials comes back unchanged, character for character. Text that does not
 * parse as a URL is masked by pattern instead, so it never comes back with a credential in it.
 *
 * ```ts
 * redactUrl('https://me:hunter2@hn.example/v0?token=abc&page=2');
 * // 'https://me:***@hn.example/v0?token=***&page=2'
 * ```
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return maskByPattern(text);
  }
  let changed = false;
  if (parsed.password) {
    parsed.password = REDACTED;
    changed = true;
  } else if (parsed.username) {
    parsed.username = REDACTED;
    changed = true;
  }
  const query = redactParameters(parsed.search.slice(1));
  if (query !== undefined) {
    parsed.search = query;
    changed = true;
  }
  const fragment = redactParameters(parsed.hash.slice(1));
  if (fragment !== undefined) {
    parsed.hash = fragment;
    changed = true;
  }
  return changed ? parsed.toString() : text;
}

// Absolute URLs in running text: a scheme, `://`, then anything up to whitespace or a quote.
const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'`<>]+/gi;
// Punctuation that ends a sentence rather than the URL.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/**
 * `text` with every absolute URL in it passed through {@link redactUrl}: for error messages and
 * log lines that quote a URL (`GET https://me:pw@host/v0/item/1.json failed`).
 */
export function redactUrls(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (match) => {
    const trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    const url = trailing ? match.slice(0, -trailing.length) : match;
    return redactUrl(url) + trailing;
  });
}

/** The parameters with sensitive values replaced, or undefined when none is sensitive. */
function redactParameters(raw: string): string | undefined {
  if (!raw.includes('=')) return undefined;
  let changed = false;
  const parts = raw.split('&').map((part) => {
    const equals = part.indexOf('=');
    if (equals === -1) return part;
    const name = safeDecode(part.slice(0, equals));
    if (!isSensitiveParameter(name)) return part;
    changed = true;
    return `${part.slice(0, equals)}=${REDACTED}`;
  });
  return changed ? parts.join('&') : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** For text the URL parser rejects: mask the user info and sensitive parameters by pattern. */
function maskByPattern(text: string): string {
  return text
    .replace(/(\/\/)[^/?#\s@]*@/g, `$1${REDACTED}@`)
    .replace(/([?&#;]([^=&#\s]+)=)[^&#\s]*/g, (match, prefix: string, name: string) =>
      isSensitiveParameter(safeDecode(name)) ? `${prefix}${REDACTED}` : match,
    );
}
