import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Handles one request; `path` is the URL path without the `/v0` prefix, e.g. `/item/1.json`. */
export type Handler = (path: string, req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 that records what the client did. */
export interface TestServer {
  /** Base URL to pass as `baseUrl`: `http://127.0.0.1:<port>/v0`. */
  readonly baseUrl: string;
  /** Requests received per path. */
  readonly counts: Map<string, number>;
  /** Requests whose response has not closed yet. */
  readonly inFlight: number;
  /** Highest `inFlight` seen. */
  readonly maxInFlight: number;
  /** Responses closed before the server finished them (client aborts). */
  readonly abortedByClient: number;
  /** Replaces the request handler. */
  setHandler(handler: Handler): void;
  /** Requests received for `path`, 0 when none. */
  count(path: string): number;
  /** Resolves once `predicate` holds; checked after every request start and end. */
  waitFor(predicate: (server: TestServer) => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(initial: Handler = notFound): Promise<TestServer> {
  let handler = initial;
  let inFlight = 0;
  let maxInFlight = 0;
  let abortedByClient = 0;
  const counts = new Map<string, number>();
  const changes = new EventEmitter();

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/v0/, '');
    counts.set(path, (counts.get(path) ?? 0) + 1);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
      if (!res.writableFinished) abortedByClient += 1;
      changes.emit('change');
    });
    changes.emit('change');
    handler(path, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: TestServer = {
    baseUrl: `http://127.0.0.1:${port}/v0`,
    counts,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get abortedByClient() {
      return abortedByClient;
    },
    setHandler(next) {
      handler = next;
    },
    count(path) {
      return counts.get(path) ?? 0;
    },
    waitFor(predicate) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (predicate(api)) {
            changes.off('change', check);
            resolve();
          }
        };
        changes.on('change', check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
  return api;
}

/** Sends `body` as JSON with `status` and extra headers. */
export function sendJson(
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Never answers: the request stays open until the client gives up or the server closes. */
export const hang: Handler = () => undefined;

export const notFound: Handler = (_path, _req, res) => sendJson(res, { error: 'not found' }, 404);

/** Serves story lists and items from plain data; anything else is a 404. */
export function serveData(data: {
  lists?: Record<string, unknown>;
  items?: Record<number, unknown>;
}): Handler {
  return (path, req, res) => {
    const list = /^\/(\w+)stories\.json$/.exec(path);
    if (list && data.lists && list[1]! in data.lists) {
      sendJson(res, data.lists[list[1]!]);
      return;
    }
    const item = /^\/item\/(\d+)\.json$/.exec(path);
    if (item && data.items && Number(item[1]) in data.items) {
      sendJson(res, data.items[Number(item[1])]);
      return;
    }
    notFound(path, req, res);
  };
}

/** A minimal valid story item. */
export function storyItem(
  id: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    type: 'story',
    by: `user${id}`,
    time: 1_700_000_000 + id,
    title: `Story ${id}`,
    url: `https://example.com/${id}`,
    score: id,
    descendants: 2 * id,
    ...extra,
  };
}
