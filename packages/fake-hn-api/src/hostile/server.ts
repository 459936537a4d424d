import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HostileResponse, HostileScenario } from './scenario';

/** Options of {@link startHostileHackerNewsApi}. */
export interface StartHostileHackerNewsApiOptions {
  /** What to serve at first; default nothing (every path answers 404). */
  scenario?: HostileScenario;
  /** Interface to listen on; default `'127.0.0.1'`. */
  host?: string;
  /** Port to listen on; default 0, a free port chosen by the system. */
  port?: number;
}

/** A running hostile Hacker News API. */
export interface HostileHackerNewsApi {
  /** Base URL of the API without a trailing slash, e.g. `http://127.0.0.1:40123/v0`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Replaces what is served; takes effect for the next request. */
  setScenario(scenario: HostileScenario): void;
  /** Requests received for a path under `/v0`, e.g. `/item/1.json`; 0 when none. */
  requests(path: string): number;
  /** Requests received in all. */
  totalRequests(): number;
  /** Zeroes the request counts. */
  resetRequests(): void;
  /** Stops listening and ends every connection, dripping ones included. Idempotent. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Starts a real HTTP server on loopback that answers like a Hacker News API gone bad: whatever a
 * {@link HostileScenario} says, byte for byte, for `/v0/{list}stories.json` and
 * `/v0/item/{id}.json`. Anything not in the scenario answers 404.
 */
export async function startHostileHackerNewsApi(
  options: StartHostileHackerNewsApiOptions = {},
): Promise<HostileHackerNewsApi> {
  let scenario: HostileScenario = options.scenario ?? { lists: {}, items: {} };
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/v0(?=\/)/, '');
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const list = /^\/(\w+)stories\.json$/.exec(path);
    const item = /^\/item\/(\d+)\.json$/.exec(path);
    const response = list
      ? scenario.lists[list[1] as keyof HostileScenario['lists']]
      : item
        ? scenario.items[Number(item[1])]
        : undefined;
    send(res, response ?? { kind: 'status', status: 404 });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function send(res: ServerResponse, response: HostileResponse): void {
    switch (response.kind) {
      case 'json': {
        const body = Buffer.from(JSON.stringify(response.body), 'utf8');
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': body.length });
        res.end(body);
        return;
      }
      case 'raw': {
        const body = Buffer.from(response.body, 'utf8');
        res.writeHead(response.status ?? 200, {
          'content-type': response.contentType ?? JSON_TYPE,
          'content-length': body.length,
        });
        res.end(body);
        return;
      }
      case 'status': {
        const body = Buffer.from(JSON.stringify({ error: `HTTP ${response.status}` }));
        res.writeHead(response.status, {
          'content-type': JSON_TYPE,
          'content-length': body.length,
        });
        res.end(body);
        return;
      }
      case 'drip':
        drip(res, Buffer.from(response.body, 'utf8'), response.intervalMs);
        return;
    }
  }

  // One byte per interval, with the full Content-Length announced: a client waits for a body
  // that arrives far slower than any sane timeout.
  function drip(res: ServerResponse, body: Buffer, intervalMs: number): void {
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': body.length });
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= body.length) {
        clearInterval(timer);
        timers.delete(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(body.subarray(sent, sent + 1));
      sent += 1;
    }, intervalMs);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v0`,
    port,
    setScenario(next) {
      scenario = next;
    },
    requests(path) {
      return counts.get(path) ?? 0;
    },
    totalRequests() {
      let total = 0;
      for (const count of counts.values()) total += count;
      return total;
    },
    resetRequests() {
      counts.clear();
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearInterval(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
