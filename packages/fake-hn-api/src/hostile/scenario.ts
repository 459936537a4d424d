import type { StoryList } from '@hn/contract';

/**
 * One answer of the hostile API:
 * - `json`: `body` as JSON, status 200, with its Content-Length;
 * - `raw`: `body` sent byte for byte as UTF-8 (a garbled or hand-built body), status 200 unless
 *   given;
 * - `drip`: `body` sent one byte every `intervalMs`, its full Content-Length announced first;
 * - `status`: that HTTP status with a small JSON error body.
 */
export type HostileResponse =
  | { kind: 'json'; body: unknown }
  | { kind: 'raw'; body: string; status?: number; contentType?: string }
  | { kind: 'drip'; body: string; intervalMs: number }
  | { kind: 'status'; status: number };

/** What the hostile API serves: story lists by name and items by id; anything else is a 404. */
export interface HostileScenario {
  lists: Partial<Record<StoryList, HostileResponse>>;
  items: Record<number, HostileResponse>;
}
