import { FIELD_LIMITS } from '@hn/contract';
import type { RawItem } from './raw-item';

/** What {@link capText} made of a string. */
export interface CappedText {
  text: string;
  /** The string was longer than its cap and was cut. */
  truncated: boolean;
  /** NUL characters or unpaired surrogates were replaced with U+FFFD. */
  repaired: boolean;
}

// NUL cannot be stored in PostgreSQL text; an unpaired surrogate has no UTF-8 encoding and would
// be changed silently on the way into any store.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Cuts `value` to at most `max` UTF-16 code units, never between the two halves of a surrogate
 * pair, and replaces NUL characters and unpaired surrogates with U+FFFD. Every other character,
 * control and escape sequences included, is kept as it is.
 *
 * @throws {RangeError} when `max` is not a non-negative integer.
 */
export function capText(value: string, max: number): CappedText {
  if (!Number.isInteger(max) || max < 0) {
    throw new RangeError(`max must be a non-negative integer, got ${String(max)}`);
  }
  let text = value;
  let truncated = false;
  if (text.length > max) {
    truncated = true;
    text = text.slice(0, cutPoint(text, max));
  }
  const repairedText = text.replace(UNSTORABLE, '\uFFFD');
  return { text: repairedText, truncated, repaired: repairedText !== text };
}

/** The largest index `<= max` that does not split a surrogate pair of `text`. */
export function cutPoint(text: string, max: number): number {
  if (max >= text.length) return text.length;
  if (max <= 0) return 0;
  const before = text.charCodeAt(max - 1);
  const after = text.charCodeAt(max);
  const splitsPair = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return splitsPair ? max - 1 : max;
}

/** Why {@link checkItemUrl} rejected a URL. */
export type UrlProblem = 'scheme' | 'invalid' | 'too-long';

/** What {@link checkItemUrl} decided. */
export type CheckedUrl = { ok: true; url: string } | { ok: false; problem: UrlProblem };

// Kept as served: an absolute http(s) URL of visible characters only. Anything else that still
// parses is kept in the parser's percent-encoded form, which means the same address.
const PLAIN_HTTP_URL = /^https?:\/\/[^\p{C}\p{Z}]+$/iu;

/**
 * Checks an item's `url`: only absolute `http:` and `https:` URLs with a host, at most
 * `FIELD_LIMITS.url` code units, are kept. A URL with spaces, control, format (bidi) or other
 * invisible characters is kept in its WHATWG-normalised, percent-encoded form (`new URL(value)
 * .href`), which names the same resource; a plain one is kept exactly as served.
 *
 * Rejected: `scheme` (`javascript:`, `file:`, `data:`, `ftp:`, ...; checked after the parser
 * strips tabs and newlines, so `java\tscript:` is caught), `invalid` (not an absolute URL, or no
 * host), `too-long` (cutting a URL would point it elsewhere).
 */
export function checkItemUrl(value: string): CheckedUrl {
  // A URL far longer than the cap cannot become short enough; skip parsing megabytes.
  if (value.length > FIELD_LIMITS.url * 4) return { ok: false, problem: 'too-long' };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, problem: 'scheme' };
  }
  if (parsed.hostname === '') return { ok: false, problem: 'invalid' };
  const url = PLAIN_HTTP_URL.test(value) ? value : parsed.href;
  if (url.length > FIELD_LIMITS.url) return { ok: false, problem: 'too-long' };
  return { ok: true, url };
}

/** The fields {@link limitItem} may cut or repair. */
export type LimitedField = 'title' | 'by' | 'text' | 'kids' | 'parts';

/** What {@link limitItem} made of an item. */
export interface LimitedItem {
  /** The item with every field within its cap; `url` is absent when it was rejected. */
  item: RawItem;
  /** Fields cut to their `FIELD_LIMITS` cap, in this order: title, by, text, kids, parts. */
  truncated: LimitedField[];
  /** Text fields whose NUL characters or unpaired surrogates were replaced with U+FFFD. */
  repaired: LimitedField[];
  /** Why the API's `url` was dropped; absent when it was kept or there was none. */
  urlProblem?: UrlProblem;
}

/**
 * Applies the field caps of `FIELD_LIMITS` to a validated item: `title`, `by` and `text` are cut
 * with {@link capText}, `kids` and `parts` keep their first ids up to the cap, and `url` is
 * checked with {@link checkItemUrl} (an empty url counts as none). Pure: the item is not changed.
 * Use it on every item before it reaches a payload or a store.
 */
export function limitItem(item: RawItem): LimitedItem {
  const limited: RawItem = { ...item };
  const truncated: LimitedField[] = [];
  const repaired: LimitedField[] = [];
  for (const field of ['title', 'by', 'text'] as const) {
    const value = item[field];
    if (value === undefined) continue;
    const capped = capText(value, FIELD_LIMITS[field]);
    limited[field] = capped.text;
    if (capped.truncated) truncated.push(field);
    if (capped.repaired) repaired.push(field);
  }
  for (const field of ['kids', 'parts'] as const) {
    const ids = item[field];
    if (ids !== undefined && ids.length > FIELD_LIMITS[field]) {
      limited[field] = ids.slice(0, FIELD_LIMITS[field]);
      truncated.push(field);
    }
  }
  const result: LimitedItem = { item: limited, truncated, repaired };
  if (item.url === undefined || item.url === '') {
    delete limited.url;
    return result;
  }
  const url = checkItemUrl(item.url);
  if (url.ok) {
    limited.url = url.url;
  } else {
    delete limited.url;
    result.urlProblem = url.problem;
  }
  return result;
}
