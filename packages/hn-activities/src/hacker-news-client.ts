import { Agent } from 'undici';
import { HackerNewsApiError, type HackerNewsErrorCode } from './errors';
import { CallAbort } from './internal/abort-link';
import { ConcurrencyLimiter } from './internal/concurrency-limiter';
import { BodyTooLargeError, getText } from './internal/get-text';
import { parseRetryAfter } from './internal/retry-after';
import type { z } from 'zod';
import {
  formatIssues,
  rawItemSchema,
  storyIdsSchema,
  updatesSchema,
  type HackerNewsUpdates,
  type RawItem,
} from './raw-item';
import { STORY_LISTS, redactUrl, type HttpOutcome, type StoryList } from '@hn/contract';
import { httpOutcomeOf, recordHttpRequest } from './metrics';

/** The public Hacker News API. */
export const DEFAULT_BASE_URL = 'https://hacker-news.firebaseio.com/v0';
/** Default per-request timeout: 10 s. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default bound on requests in flight at once, across all calls of one client. */
export const DEFAULT_MAX_CONCURRENCY = 50;
/** Default cap on one response body: 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

const MAX_TIMER_MS = 2 ** 31 - 1;
const UNDICI_TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Options of {@link createHackerNewsClient}. All are optional. */
export interface HackerNewsClientOptions {
  /**
   * API root without a trailing slash. Default {@link DEFAULT_BASE_URL}. Credentials in it
   * (`https://user:password@host/v0`) are sent as HTTP Basic authentication and never appear in
   * `baseUrl`, error messages or error `url`s, which show `***@` instead.
   */
  baseUrl?: string;
  /**
   * Limit for one request, from sending it to reading the last body byte (time spent waiting
   * for a concurrency slot is not counted). Default {@link DEFAULT_TIMEOUT_MS}.
   */
  timeoutMs?: number;
  /**
   * Requests in flight at once, shared by every call on this client; also the number of
   * keep-alive connections. Default {@link DEFAULT_MAX_CONCURRENCY}.
   */
  maxConcurrency?: number;
  /** Larger bodies are aborted mid-stream. Default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxResponseBytes?: number;
  /**
   * Called once per request sent, with its outcome (`ok` only once the body parsed and
   * validated). Every request is also counted in `hn_http_requests` on the metric meter of the
   * activity that made it (nothing is recorded outside an activity). An exception it throws is
   * ignored. Default: none.
   */
  onRequest?: (outcome: HttpOutcome) => void;
}

/** Per-call options of {@link HackerNewsClient} methods. */
export interface HackerNewsRequestOptions {
  /**
   * Aborting it rejects the call at once with code `ABORTED`, whether the request is waiting for
   * a slot, waiting for headers or streaming its body.
   */
  signal?: AbortSignal;
}

/**
 * A Hacker News API client. Every payload is validated; every failure is a
 * {@link HackerNewsApiError} with a stable `code`.
 */
export interface HackerNewsClient {
  /** The API root in use, without a trailing slash, its credentials shown as `***@`. */
  readonly baseUrl: string;
  /**
   * Ids of a story list, in the API's order (`/{list}stories.json`).
   *
   * @throws {HackerNewsApiError} `INVALID_PAYLOAD` unless the body is an array of positive integers.
   * @throws {RangeError} when `list` is not one of {@link STORY_LISTS}.
   */
  storyIds(list: StoryList, options?: HackerNewsRequestOptions): Promise<number[]>;
  /**
   * One item (`/item/{id}.json`), or null when the API returns `null` (an id not assigned yet).
   *
   * @throws {HackerNewsApiError} `INVALID_PAYLOAD` when the body fails the item schema or
   *   belongs to another id.
   * @throws {RangeError} when `id` is not a positive safe integer.
   */
  item(id: number, options?: HackerNewsRequestOptions): Promise<RawItem | null>;
  /**
   * The largest item id (`/maxitem.json`): every item has an id from 1 to it.
   *
   * @throws {HackerNewsApiError} `INVALID_PAYLOAD` unless the body is a non-negative integer.
   */
  maxItem(options?: HackerNewsRequestOptions): Promise<number>;
  /**
   * The items and profiles that changed recently (`/updates.json`), for following the site.
   *
   * @throws {HackerNewsApiError} `INVALID_PAYLOAD` unless the body is `{ items, profiles }` with
   *   positive integer ids and short user names, each list at most `MAX_UPDATES_ENTRIES`.
   */
  updates(options?: HackerNewsRequestOptions): Promise<HackerNewsUpdates>;
  /**
   * Closes the keep-alive connections once in-flight requests have finished. Later calls
   * throw. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Creates a {@link HackerNewsClient} on an undici keep-alive `Agent`.
 *
 * @throws {RangeError} when an option is out of range or `baseUrl` is not an http(s) URL.
 */
export function createHackerNewsClient(options: HackerNewsClientOptions = {}): HackerNewsClient {
  return new UndiciHackerNewsClient(options);
}

class UndiciHackerNewsClient implements HackerNewsClient {
  readonly baseUrl: string;
  private readonly origin: string;
  /** The base URL's path without a trailing slash, `''` for the root. */
  private readonly basePath: string;
  private readonly requestHeaders: Record<string, string> = { accept: 'application/json' };
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly agent: Agent;
  private readonly limiter: ConcurrencyLimiter;
  private readonly onRequest: ((outcome: HttpOutcome) => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: HackerNewsClientOptions) {
    const { requestBase, baseUrl, authorization } = parseBaseUrl(
      options.baseUrl ?? DEFAULT_BASE_URL,
    );
    this.baseUrl = baseUrl;
    const request = new URL(requestBase);
    this.origin = request.origin;
    this.basePath = requestBase.slice(request.origin.length);
    if (authorization !== undefined) this.requestHeaders.authorization = authorization;
    const { timeoutMs, maxConcurrency, maxResponseBytes } = options;
    this.timeoutMs = checkInteger('timeoutMs', timeoutMs ?? DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS);
    const connections = checkInteger(
      'maxConcurrency',
      maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      1,
      10_000,
    );
    this.maxResponseBytes = checkInteger(
      'maxResponseBytes',
      maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
    );
    this.agent = new Agent({ connections, connect: { timeout: this.timeoutMs } });
    this.limiter = new ConcurrencyLimiter(connections);
    this.onRequest = options.onRequest;
  }

  async storyIds(
    list: StoryList,
    requestOptions: HackerNewsRequestOptions = {},
  ): Promise<number[]> {
    if (!(STORY_LISTS as readonly string[]).includes(list)) {
      throw new RangeError(
        `Unknown story list ${JSON.stringify(list)}; expected one of ${STORY_LISTS.join(', ')}`,
      );
    }
    return this.getJson(`/${list}stories.json`, requestOptions.signal, (json, url) =>
      validated(storyIdsSchema, json, url, 'an unexpected payload'),
    );
  }

  // Not `async`: it returns `getJson`'s promise itself rather than a second one that follows it
  // (this runs once per item fetched).
  item(id: number, requestOptions: HackerNewsRequestOptions = {}): Promise<RawItem | null> {
    if (!Number.isSafeInteger(id) || id <= 0) {
      return Promise.reject(
        new RangeError(`Item id must be a positive integer, got ${String(id)}`),
      );
    }
    return this.getJson(`/item/${id}.json`, requestOptions.signal, (json, url) => {
      if (json === null) return null;
      const item = validated(rawItemSchema, json, url, 'an invalid item');
      if (item.id !== id) {
        throw apiError(
          'INVALID_PAYLOAD',
          url,
          `GET ${url} returned item ${item.id} instead of ${id}`,
          {
            status: 200,
          },
        );
      }
      return item;
    });
  }

  async maxItem(requestOptions: HackerNewsRequestOptions = {}): Promise<number> {
    return this.getJson('/maxitem.json', requestOptions.signal, (json, url) => {
      if (typeof json !== 'number' || !Number.isSafeInteger(json) || json < 0) {
        throw apiError(
          'INVALID_PAYLOAD',
          url,
          `GET ${url} returned ${JSON.stringify(json)?.slice(0, 80)} instead of a non-negative integer`,
          { status: 200 },
        );
      }
      return json;
    });
  }

  async updates(requestOptions: HackerNewsRequestOptions = {}): Promise<HackerNewsUpdates> {
    return this.getJson('/updates.json', requestOptions.signal, (json, url) =>
      validated(updatesSchema, json, url, 'an unexpected payload'),
    );
  }

  close(): Promise<void> {
    this.closing ??= this.agent.close().then(() => undefined);
    return this.closing;
  }

  private report(outcome: HttpOutcome): void {
    recordHttpRequest(outcome);
    if (this.onRequest === undefined) return;
    try {
      this.onRequest(outcome);
    } catch {
      // An observer's failure must not fail the request it observes.
    }
  }

  /**
   * GETs `${base}${path}` and validates the JSON with `parse` (which throws a
   * `HackerNewsApiError`); `url`, the address shown in errors, has no credentials.
   */
  private async getJson<T>(
    path: string,
    callerSignal: AbortSignal | undefined,
    parse: (json: unknown, url: string) => T,
  ): Promise<T> {
    if (this.closing) throw new Error('HackerNewsClient is closed; create a new client');
    const url = `${this.baseUrl}${path}`;
    // Every listener of this call goes on its own abort, linked to the caller's signal: a
    // caller's signal shared by hundreds of concurrent calls carries one listener in all.
    const call = new CallAbort(callerSignal);
    let sent = false;
    try {
      // A free slot is taken without a promise; only a call that has to wait awaits one.
      if (call.aborted || !this.limiter.tryAcquire()) await this.limiter.acquire(call);
      let result: T;
      try {
        sent = true;
        result = parse(await this.fetchJson(path, url, call), url);
      } finally {
        this.limiter.release();
      }
      this.report('ok');
      return result;
    } catch (error) {
      if (error instanceof HackerNewsApiError) {
        if (sent) this.report(httpOutcomeOf(error.code));
        throw error;
      }
      // The limiter rejects with the signal's reason when aborted while waiting for a slot.
      if (sent) this.report('aborted');
      throw apiError('ABORTED', url, `GET ${url} was aborted`, { cause: error });
    } finally {
      call.release();
    }
  }

  /**
   * One request, aborted by the call's own abort, which the timeout aborts too (this runs once
   * per item fetched).
   */
  private async fetchJson(path: string, url: string, call: CallAbort): Promise<unknown> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      call.abort(new Error(`timed out after ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    try {
      const { status, headers, text } = await getText(
        this.agent,
        { origin: this.origin, path: `${this.basePath}${path}`, headers: this.requestHeaders },
        this.maxResponseBytes,
        call,
      );
      if (status < 200 || status > 299) throw statusError(url, status, headers['retry-after']);
      return parseJson(text, url, status);
    } catch (error) {
      throw this.requestError(error, url, call, timedOut);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The {@link HackerNewsApiError} a failed request stands for. */
  private requestError(
    error: unknown,
    url: string,
    call: CallAbort,
    timedOut: boolean,
  ): HackerNewsApiError {
    if (error instanceof HackerNewsApiError) return error;
    if (error instanceof BodyTooLargeError) {
      const message = `GET ${url} returned more than ${this.maxResponseBytes} bytes (maxResponseBytes)`;
      return apiError('RESPONSE_TOO_LARGE', url, message, { cause: error });
    }
    if (timedOut || UNDICI_TIMEOUT_CODES.has(errorCode(error))) {
      const message = `GET ${url} timed out after ${this.timeoutMs} ms`;
      return apiError('TIMEOUT', url, message, { cause: error });
    }
    if (call.aborted) {
      return apiError('ABORTED', url, `GET ${url} was aborted`, { cause: call.reason ?? error });
    }
    return apiError('NETWORK', url, `GET ${url} failed: ${errorMessage(error)}`, { cause: error });
  }
}

function parseJson(text: string, url: string, status: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw apiError('MALFORMED_RESPONSE', url, `GET ${url} returned a body that is not JSON`, {
      status,
      cause,
    });
  }
}

/** `json` parsed by `schema`, or an `INVALID_PAYLOAD` error that says what was wrong. */
function validated<T>(schema: z.ZodType<T>, json: unknown, url: string, what: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw apiError(
    'INVALID_PAYLOAD',
    url,
    `GET ${url} returned ${what}: ${formatIssues(parsed.error)}`,
    {
      status: 200,
      cause: parsed.error,
    },
  );
}

function statusError(
  url: string,
  status: number,
  retryAfterHeader: string | string[] | undefined,
): HackerNewsApiError {
  const message = `GET ${url} failed: HTTP ${status}`;
  if (status === 404) return apiError('NOT_FOUND', url, message, { status });
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(retryAfterHeader);
    const code: HackerNewsErrorCode = status === 429 ? 'RATE_LIMITED' : 'HTTP_5XX';
    return apiError(code, url, message, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status >= 500 && status <= 599) return apiError('HTTP_5XX', url, message, { status });
  if (status >= 400 && status <= 499) return apiError('HTTP_4XX', url, message, { status });
  return apiError('INVALID_PAYLOAD', url, `GET ${url} returned unexpected HTTP ${status}`, {
    status,
  });
}

function apiError(
  code: HackerNewsErrorCode,
  url: string,
  message: string,
  extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
): HackerNewsApiError {
  return new HackerNewsApiError({ code, url, message, ...extra });
}

function parseBaseUrl(value: string): {
  requestBase: string;
  baseUrl: string;
  authorization?: string;
} {
  const shown = JSON.stringify(redactUrl(value));
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`baseUrl must be an absolute http(s) URL, got ${shown}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`baseUrl must use http or https, got ${shown}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new RangeError(`baseUrl must not have a query or fragment, got ${shown}`);
  }
  let authorization: string | undefined;
  if (url.username !== '' || url.password !== '') {
    const credentials = `${decodeUserinfo(url.username)}:${decodeUserinfo(url.password)}`;
    authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const requestBase = url.href.replace(/\/+$/, '');
  const baseUrl = authorization === undefined ? requestBase : requestBase.replace('://', '://***@');
  return authorization === undefined
    ? { requestBase, baseUrl }
    : { requestBase, baseUrl, authorization };
}

function decodeUserinfo(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return String(error.code);
  }
  return '';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = errorCode(error);
    return code === '' ? error.message : `${error.message} (${code})`;
  }
  return String(error);
}
