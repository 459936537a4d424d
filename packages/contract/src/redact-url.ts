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

// scheme://authority, then path, query and fragment. The authority ends at the first `/`, `?` or
// `#`; its user info ends at its last `@`, as URL parsers read it.
const URL_PARTS = /^([a-z][a-z\d+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is;
// Where a user name standing alone is how a token is passed (`https://<token>@host`).
const TOKEN_AS_USER = /^(?:https?|wss?):\/\/$/i;

/**
 * The URL with its credentials replaced by `***`: the password of the user info (`user:***@`;
 * the user name is kept), a user name without a password in an http(s) or ws(s) URL, where it is
 * how a token is passed (`https://***@host`), and the value of every sensitive query or fragment
 * parameter ({@link SENSITIVE_QUERY_PARAMETERS}). Everything else comes back as written,
 * character for character, and text that is not an absolute `scheme://` URL comes back
 * unchanged. A pure string function (no `URL`, no Node): safe in workflow code. Never throws.
 *
 * ```ts
 * redactUrl('https://me:hunter2@hn.example/v0?token=abc&page=2');
 * // 'https://me:***@hn.example/v0?token=***&page=2'
 * redactUrl('postgres://hn@db:5432/hn'); // unchanged: a database user name is not a secret
 * ```
 */
export function redactUrl(url: string): string {
  const parts = URL_PARTS.exec(url);
  if (!parts) return url;
  const [, scheme = '', authority = '', path = '', query, fragment] = parts;
  let redacted = scheme;
  const at = authority.lastIndexOf('@');
  if (at === -1) {
    redacted += authority;
  } else {
    const userInfo = authority.slice(0, at);
    const colon = userInfo.indexOf(':');
    if (colon !== -1 && colon < userInfo.length - 1) {
      redacted += `${userInfo.slice(0, colon)}:${REDACTED}`;
    } else if (colon === -1 && userInfo !== '' && TOKEN_AS_USER.test(scheme)) {
      redacted += REDACTED;
    } else {
      redacted += userInfo;
    }
    redacted += authority.slice(at);
  }
  redacted += path;
  if (query !== undefined) redacted += `?${redactParameters(query.slice(1))}`;
  if (fragment !== undefined) redacted += `#${redactParameters(fragment.slice(1))}`;
  return redacted;
}

// Absolute URLs in running text: a scheme, `://`, then anything up to whitespace or a quote.
const URL_IN_TEXT = /\b[a-z][a-z\d+.-]*:\/\/[^\s"'`<>]+/gi;
// Punctuation that ends a sentence rather than the URL.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/**
 * `text` with every absolute URL in it passed through {@link redactUrl}: for error messages and
 * log lines that quote a URL (`GET https://me:pw@host/v0/item/1.json failed`). Text without
 * `://` comes back unchanged.
 */
export function redactUrls(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (match) => {
    const trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    const url = trailing ? match.slice(0, -trailing.length) : match;
    return redactUrl(url) + trailing;
  });
}

/** `name=value&…` with the values of sensitive names replaced. */
function redactParameters(raw: string): string {
  if (!raw.includes('=')) return raw;
  return raw
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      if (equals === -1 || !isSensitiveParameter(safeDecode(part.slice(0, equals)))) return part;
      return `${part.slice(0, equals)}=${REDACTED}`;
    })
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
