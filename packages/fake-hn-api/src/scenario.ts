import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoryList } from '@hn/contract';

/**
 * One answer of a {@link Scenario}:
 * - `json`: `body` as JSON, status 200, with its Content-Length;
 * - `raw`: `body` sent byte for byte as UTF-8 (a garbled or hand-built body), status 200 unless
 *   given;
 * - `drip`: `body` sent one byte every `intervalMs`, its full Content-Length announced first;
 * - `status`: that HTTP status with a small JSON error body.
 */
export type ScenarioResponse =
  | { kind: 'json'; body: unknown }
  | { kind: 'raw'; body: string; status?: number; contentType?: string }
  | { kind: 'drip'; body: string; intervalMs: number }
  | { kind: 'status'; status: number };

/**
 * Exact answers for story lists by name and items by id. A server given one serves it in place
 * of its dataset: any other `/v0` path (`maxitem.json` included) answers 404.
 */
export interface Scenario {
  lists: Partial<Record<StoryList, ScenarioResponse>>;
  items: Record<number, ScenarioResponse>;
}

/** A {@link Scenario} of plain JSON values; a value of `undefined` is left out. */
export function jsonScenario(data: {
  lists?: Partial<Record<StoryList, unknown>>;
  items?: Record<number, unknown>;
}): Scenario {
  const json = (body: unknown): ScenarioResponse => ({ kind: 'json', body });
  return {
    lists: Object.fromEntries(Object.entries(data.lists ?? {}).map(([k, v]) => [k, json(v)])),
    items: Object.fromEntries(Object.entries(data.items ?? {}).map(([k, v]) => [k, json(v)])),
  };
}

/**
 * A route of a test's own, given every `/v0` request first: `path` is the URL path without
 * `/v0` (e.g. `/item/1.json`). It answers on `res` (or never, to hang), or calls `next()`, now
 * or later, to let the server answer from its scenario or dataset.
 */
export type RouteHandler = (
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void;

/** Answers `body` as JSON with `status` and extra headers. */
export function sendJson(
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
