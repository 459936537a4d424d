import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataset, DEFAULT_SEED } from './create-dataset';
import type { Dataset } from './dataset';
import { FakeHnApiError } from './errors';
import { mergeFaults, NO_FAULTS, type Faults } from './faults';
import { encodeDataset, type EncodedDataset } from './internal/encoded-dataset';
import { createPrng, type Random } from './internal/prng';
import type { LiveClockOptions } from './internal/live';
import { checkMaxItem, ItemSpaceModel, type ItemSpace } from './item-space';
import { StatsRecorder, type FakeHnApiStats } from './stats';

/** Options of {@link startFakeHackerNewsApi}. */
export interface StartFakeHackerNewsApiOptions {
  /** Port to listen on; default 0, a free port chosen by the system. */
  port?: number;
  /** Interface to listen on; default `'127.0.0.1'`. */
  host?: string;
  /**
   * Seeds the fault decisions and, unless `dataset` is given, the dataset. Default
   * {@link DEFAULT_SEED}.
   */
  seed?: number;
  /** Faults to start with, on top of none. */
  faults?: Partial<Faults>;
  /**
   * The curated dataset to serve; default `createDataset({ seed })`. With `generatedSpace` its
   * ids take precedence over generated ones.
   */
  dataset?: Dataset;
  /**
   * Serve every id from 1 to `maxItem`: the curated dataset's ids as they are, every other id
   * generated from (seed, id) on request, `time` increasing with the id. Default false: only the
   * curated dataset, as before. See `createItemSpace`.
   */
  generatedSpace?: boolean;
  /**
   * `maxitem` of the generated space; ids above it answer `null`. Default 43,000,000 (or the
   * dataset's `maxItem` if larger). Needs `generatedSpace`.
   */
  maxItem?: number;
  /** Rate of the generated clock. Default 600 (about the real site's). Needs `generatedSpace`. */
  itemsPerHour?: number;
  /**
   * Serve a generated space at "now" (implies `generatedSpace`, excludes `maxItem`): `maxitem`
   * follows the clock, items change with time and `/v0/updates.json` lists what changed. `true`
   * runs on `Date.now`; `{ clock, speed }` on an injected clock, `speed` times as fast.
   */
  live?: boolean | LiveClockOptions;
}

/** A running fake Hacker News API. */
export interface FakeHackerNewsApi {
  /** Base URL of the API without a trailing slash, e.g. `http://127.0.0.1:40123/v0`. */
  readonly baseUrl: string;
  /** Origin of the server; the control endpoints live under `{origin}/__control/`. */
  readonly origin: string;
  readonly port: number;
  /** The curated dataset (its `maxItem` does not move; see {@link FakeHackerNewsApi.maxItem}). */
  readonly dataset: Dataset;
  /** The generated space being served, or `undefined` without `generatedSpace`. */
  readonly space: ItemSpace | undefined;
  /** What `/v0/maxitem.json` answers now; ids above it answer `null`. */
  readonly maxItem: number;
  /**
   * Moves `maxitem`, e.g. forward by a few hundred ids to imitate an hour of new items; ids up
   * to it answer from the next request on. Also `POST /__control/maxitem`.
   *
   * @throws FakeHnApiError `INVALID_OPTIONS` unless an integer from 0 to 2^31 - 1.
   */
  setMaxItem(maxItem: number): number;
  /** The faults in force now; `failNextRequests` counts down as requests consume it. */
  readonly faults: Readonly<Faults>;
  /**
   * Changes some faults, keeping the others; takes effect for the next request.
   *
   * @throws FakeHnApiError `INVALID_FAULTS`; nothing changes.
   */
  setFaults(partial: Partial<Faults>): Readonly<Faults>;
  /** Back to no faults, and restarts the seeded fault sequence from the beginning. */
  resetFaults(): void;
  /** A snapshot of the counters. */
  stats(): FakeHnApiStats;
  /** Zeroes the counters. */
  resetStats(): void;
  /**
   * Stops listening and ends every connection at once: idle keep-alive sockets, delayed answers
   * and hung requests. Safe to call more than once.
   */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_CONTROL_BODY = 1024 * 1024;
const ERROR_STATUSES = [500, 502, 503] as const;

const STATUS_BODIES = new Map<number, Buffer>(
  [
    [400, 'Bad Request'],
    [404, 'Not Found'],
    [405, 'Method Not Allowed'],
    [429, 'Too Many Requests'],
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [503, 'Service Unavailable'],
  ].map(([status, text]) => [status as number, Buffer.from(JSON.stringify({ error: text }))]),
);

/**
 * Starts a real HTTP server on loopback that imitates the Hacker News API (`/v0/...`), with
 * runtime-adjustable faults and counters, also reachable over HTTP under `/__control/` so another
 * process can drive it.
 *
 * Fault decisions use one seeded draw per request, in arrival order: the same seed and the same
 * request order give the same faults. Concurrent clients can reorder arrivals.
 *
 * @throws FakeHnApiError `INVALID_OPTIONS` or `INVALID_FAULTS` for bad options, before listening.
 * @throws the listen error (e.g. `EADDRINUSE`) when the port is taken.
 */
export async function startFakeHackerNewsApi(
  options: StartFakeHackerNewsApiOptions = {},
): Promise<FakeHackerNewsApi> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new FakeHnApiError(
      'INVALID_OPTIONS',
      `port must be an integer from 0 to 65535, got ${port}`,
    );
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new FakeHnApiError(
      'INVALID_OPTIONS',
      `seed must be a finite number, got ${String(seed)}`,
    );
  }
  const live = options.live ?? false;
  const generated = options.generatedSpace ?? live !== false;
  if (typeof generated !== 'boolean') {
    throw new FakeHnApiError(
      'INVALID_OPTIONS',
      `generatedSpace must be a boolean, got ${String(generated)}`,
    );
  }
  if (!generated && (options.maxItem !== undefined || options.itemsPerHour !== undefined)) {
    throw new FakeHnApiError(
      'INVALID_OPTIONS',
      'maxItem and itemsPerHour shape the generated space: pass generatedSpace: true with them',
    );
  }
  const initialFaults = mergeFaults(NO_FAULTS, options.faults ?? {});
  const dataset = options.dataset ?? createDataset({ seed });
  const space = generated
    ? new ItemSpaceModel({
        seed,
        curated: dataset,
        live,
        ...(options.maxItem === undefined ? {} : { maxItem: options.maxItem }),
        ...(options.itemsPerHour === undefined ? {} : { itemsPerHour: options.itemsPerHour }),
      })
    : undefined;
  const encoded = encodeDataset(dataset);
  const state: ServerState = {
    encoded,
    space,
    fixedMaxItem: space ? space.maxItem : dataset.maxItem,
    faults: initialFaults,
    random: createPrng(seed, 2),
    stats: new StatsRecorder(),
    timers: new Set(),
  };
  const resetFaults = (): void => {
    state.faults = { ...NO_FAULTS };
    state.random = createPrng(seed, 2);
  };
  const setFaults = (partial: Partial<Faults>): Readonly<Faults> => {
    state.faults = mergeFaults(state.faults, partial);
    return state.faults;
  };
  const setMaxItem = (next: number): number => {
    state.fixedMaxItem = space ? space.setMaxItem(next) : checkMaxItem(next);
    return state.fixedMaxItem;
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (path.startsWith('/__control/')) {
      handleControl(req, res, path, { setFaults, resetFaults, setMaxItem, state });
    } else {
      handleApi(req, res, path, state);
    }
  });
  // Benchmarks hold many keep-alive sockets; a generous idle timeout avoids reconnect churn and
  // the race where a client reuses a socket the server is closing.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${origin}/v0`,
    origin,
    port: actualPort,
    dataset,
    space,
    get maxItem() {
      return maxItemOf(state);
    },
    setMaxItem,
    get faults() {
      return state.faults;
    },
    setFaults,
    resetFaults,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of state.timers) clearTimeout(timer);
        state.timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

interface ServerState {
  encoded: EncodedDataset;
  space: ItemSpaceModel | undefined;
  /** `maxitem` unless the space is live, when it follows the clock. */
  fixedMaxItem: number;
  faults: Faults;
  random: Random;
  stats: StatsRecorder;
  timers: Set<NodeJS.Timeout>;
}

function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  state: ServerState,
): void {
  const { encoded, stats } = state;
  const faults = state.faults;
  // Drawn for every request, whatever the faults, so request N always gets draw N.
  const draw = state.random();

  const list = encoded.lists.get(path);
  const itemId = list ? undefined : parseItemPath(path);
  const kind = list
    ? 'list'
    : itemId !== undefined
      ? 'item'
      : path === '/v0/maxitem.json'
        ? 'maxitem'
        : path === '/v0/updates.json'
          ? 'updates'
          : 'unknown';
  stats.started(kind);
  res.once('close', () => stats.ended());
  if (list) stats.list(list.name);
  if (itemId !== undefined) stats.item(itemId);

  if (faults.down) {
    stats.fault('down');
    return answer(res, 503, statusBody(503), state);
  }
  if (faults.failNextRequests > 0) {
    state.faults = { ...faults, failNextRequests: faults.failNextRequests - 1 };
    stats.fault('failNext');
    return answer(res, 503, statusBody(503), state);
  }
  if (kind === 'unknown') return answer(res, 404, statusBody(404), state);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return answer(res, 405, statusBody(405), state, { allow: 'GET, HEAD' });
  }

  let body: Buffer;
  if (list) {
    if (faults.notFoundLists.includes(list.name)) {
      stats.fault('notFound');
      return answer(res, 404, statusBody(404), state);
    }
    body = list.body;
  } else if (itemId !== undefined) {
    const override = faults.itemFaults[itemId];
    switch (override) {
      case 'error':
        stats.fault('error');
        return answer(res, 500, statusBody(500), state);
      case 'hang':
        stats.fault('hang');
        return;
      case 'malformed':
        stats.fault('malformed');
        return answer(res, 200, truncate(itemBody(state, itemId)), state);
      case 'not-found':
        stats.fault('notFound');
        return answer(res, 404, statusBody(404), state);
      case 'invalid':
        stats.fault('invalid');
        return answer(res, 200, invalidItemBody(state, itemId), state);
      default:
        body = itemBody(state, itemId);
    }
  } else if (kind === 'updates') {
    body = Buffer.from(JSON.stringify(state.space?.updates() ?? { items: [], profiles: [] }));
  } else {
    body = Buffer.from(JSON.stringify(maxItemOf(state)));
  }

  // One draw partitions [0, 1) into hang | error | rate limit | malformed | normal.
  let edge = faults.hangRate;
  if (draw < edge) {
    stats.fault('hang');
    return;
  }
  if (draw < edge + faults.errorRate) {
    stats.fault('error');
    const index = Math.min(2, Math.floor(((draw - edge) / faults.errorRate) * 3));
    const status = ERROR_STATUSES[index] as number;
    return answer(res, status, statusBody(status), state);
  }
  edge += faults.errorRate;
  if (draw < edge + faults.rateLimitRate) {
    stats.fault('rateLimit');
    return answer(res, 429, statusBody(429), state, {
      'retry-after': String(faults.retryAfterSeconds),
    });
  }
  edge += faults.rateLimitRate;
  if (draw < edge + faults.malformedRate) {
    stats.fault('malformed');
    return answer(res, 200, truncate(body), state);
  }
  answer(res, 200, body, state);
}

const NULL_BODY = Buffer.from('null');

function maxItemOf(state: ServerState): number {
  return state.space?.live ? state.space.maxItem : state.fixedMaxItem;
}

/** The body of an item: curated ones are serialized once; generated ones on every request. */
function itemBody(state: ServerState, id: number): Buffer {
  if (id > maxItemOf(state)) return NULL_BODY;
  const space = state.space;
  if (space && !space.isCurated(id)) {
    const item = space.generatedItem(id);
    return item ? Buffer.from(JSON.stringify(item)) : NULL_BODY;
  }
  return state.encoded.item(id);
}

function invalidItemBody(state: ServerState, id: number): Buffer {
  const space = state.space;
  if (space && !space.isCurated(id)) {
    const item = space.item(id);
    const broken = item ? { ...item, title: 12345, time: 'yesterday' } : { id, type: 42 };
    return Buffer.from(JSON.stringify(broken));
  }
  return state.encoded.invalidItem(id);
}

function parseItemPath(path: string): number | undefined {
  if (!path.startsWith('/v0/item/') || !path.endsWith('.json')) return undefined;
  const digits = path.slice('/v0/item/'.length, -'.json'.length);
  if (digits.length === 0 || digits.length > 15) return undefined;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  return Number(digits);
}

/** Cuts a body so it no longer parses: half of an object or array, or an unclosed array. */
function truncate(body: Buffer): Buffer {
  const first = body[0];
  if (first === 0x7b || first === 0x5b)
    return body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
  return Buffer.concat([Buffer.from('['), body]);
}

function statusBody(status: number): Buffer {
  return STATUS_BODIES.get(status) as Buffer;
}

function answer(
  res: ServerResponse,
  status: number,
  body: Buffer,
  state: ServerState,
  headers?: Record<string, string>,
): void {
  const send = (): void => {
    if (res.destroyed) return;
    state.stats.answered(status);
    res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': body.length, ...headers });
    res.end(body);
  };
  const delay = state.faults.latencyMs;
  if (delay <= 0) return send();
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    send();
  }, delay);
  state.timers.add(timer);
}

interface ControlContext {
  setFaults(partial: Partial<Faults>): Readonly<Faults>;
  resetFaults(): void;
  setMaxItem(maxItem: number): number;
  state: ServerState;
}

function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  context: ControlContext,
): void {
  const { state } = context;
  const reply = (status: number, value: unknown): void => {
    const body = Buffer.from(JSON.stringify(value));
    res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': body.length });
    res.end(body);
  };
  const route = `${req.method ?? 'GET'} ${path}`;
  switch (route) {
    case 'GET /__control/faults':
      return reply(200, state.faults);
    case 'GET /__control/stats':
      return reply(200, state.stats.snapshot());
    case 'POST /__control/reset':
      context.resetFaults();
      state.stats.reset();
      return reply(200, state.faults);
    case 'POST /__control/faults':
      readJson(req)
        .then((partial) => reply(200, context.setFaults(partial as Partial<Faults>)))
        .catch((error: unknown) =>
          reply(400, { error: error instanceof Error ? error.message : String(error) }),
        );
      return;
    case 'GET /__control/maxitem':
      return reply(200, { maxItem: maxItemOf(state) });
    case 'POST /__control/maxitem':
      readJson(req)
        .then((body) => reply(200, { maxItem: context.setMaxItem(maxItemFromBody(body, state)) }))
        .catch((error: unknown) =>
          reply(400, { error: error instanceof Error ? error.message : String(error) }),
        );
      return;
    default:
      return reply(404, {
        error: `unknown control route ${route}; routes: GET /__control/faults, POST /__control/faults, GET /__control/stats, POST /__control/reset, GET /__control/maxitem, POST /__control/maxitem`,
      });
  }
}

/** `{ "maxItem": n }` sets it; `{ "advanceBy": k }` moves it forward by k ids. */
function maxItemFromBody(body: unknown, state: ServerState): number {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const keys = Object.keys(body);
    const value = (body as Record<string, unknown>)[keys[0] ?? ''];
    if (keys.length === 1 && typeof value === 'number') {
      if (keys[0] === 'maxItem') return value;
      if (keys[0] === 'advanceBy') {
        if (!Number.isSafeInteger(value) || value < 0) {
          throw new Error(`advanceBy must be a non-negative integer, got ${value}`);
        }
        return maxItemOf(state) + value;
      }
    }
  }
  throw new Error(
    `maxitem body must be {"maxItem": n} or {"advanceBy": k}, got ${JSON.stringify(body)}`,
  );
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONTROL_BODY) throw new Error('control body larger than 1 MiB');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text === '' ? '{}' : text) as unknown;
  } catch {
    throw new Error(`control body is not valid JSON: ${text.slice(0, 80)}`);
  }
}
