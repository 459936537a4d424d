import { FakeHnApiError } from './errors';
import { isStoryList, type StoryList } from '@hn/contract';

/**
 * A per-item override, applied instead of the rate-based faults for that item:
 * - `error`: 500;
 * - `hang`: no answer until the client gives up or the server closes;
 * - `malformed`: 200 with a truncated JSON body;
 * - `not-found`: 404;
 * - `invalid`: 200 with well-formed JSON that fails schema validation (`title` a number, `time`
 *   a string; `{ id, type: 42 }` for an id with no item).
 */
export type ItemFault = 'error' | 'hang' | 'malformed' | 'not-found' | 'invalid';

/** The per-item overrides a fault setting accepts. */
export const ITEM_FAULTS: readonly ItemFault[] = [
  'error',
  'hang',
  'malformed',
  'not-found',
  'invalid',
];

/**
 * Faults the server injects. Rates are fractions in `[0, 1]` of the requests to `/v0/...`, and
 * their sum must not exceed 1: one seeded draw per request picks at most one of them.
 */
export interface Faults {
  /** Added to every answer, faulty or not, in milliseconds. Default 0. */
  latencyMs: number;
  /** Fraction answered 500, 502 or 503 (a third each). Default 0. */
  errorRate: number;
  /** Fraction answered 429 with `Retry-After: {retryAfterSeconds}`. Default 0. */
  rateLimitRate: number;
  /** `Retry-After` of rate-limited answers, in seconds. Default 1. */
  retryAfterSeconds: number;
  /** Fraction that never answer, until the client gives up or the server closes. Default 0. */
  hangRate: number;
  /** Fraction answered 200 with a truncated, unparseable JSON body. Default 0. */
  malformedRate: number;
  /** When true, every request is answered 503. Default false. */
  down: boolean;
  /** The next N requests are answered 503, then the server recovers. Default 0. */
  failNextRequests: number;
  /** Lists whose endpoint answers 404. Default none. */
  notFoundLists: readonly StoryList[];
  /** Per-item overrides by item id. Replaced as a whole by each `setFaults`. Default none. */
  itemFaults: Readonly<Record<number, ItemFault>>;
}

/** No faults at all: what a server starts with unless told otherwise. */
export const NO_FAULTS: Readonly<Faults> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  hangRate: 0,
  malformedRate: 0,
  down: false,
  failNextRequests: 0,
  notFoundLists: Object.freeze([]),
  itemFaults: Object.freeze({}),
});

const RATE_KEYS = ['errorRate', 'rateLimitRate', 'hangRate', 'malformedRate'] as const;
const KNOWN_KEYS = new Set<string>(Object.keys(NO_FAULTS));

/**
 * Returns `current` with `partial` applied, after validating every field of `partial`, which may
 * come from an untrusted JSON body. Unknown keys are rejected so a typo fails loudly.
 *
 * @throws FakeHnApiError `INVALID_FAULTS` naming the first bad field; nothing is applied.
 */
export function mergeFaults(current: Readonly<Faults>, partial: unknown): Faults {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw invalid('faults must be an object');
  }
  const input = partial as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) {
      throw invalid(`unknown fault "${key}"; known: ${[...KNOWN_KEYS].join(', ')}`);
    }
  }
  const next: Faults = { ...current };
  for (const key of RATE_KEYS) {
    if (input[key] !== undefined) next[key] = rate(key, input[key]);
  }
  if (input.latencyMs !== undefined)
    next.latencyMs = nonNegative('latencyMs', input.latencyMs, false);
  if (input.retryAfterSeconds !== undefined) {
    next.retryAfterSeconds = nonNegative('retryAfterSeconds', input.retryAfterSeconds, true);
  }
  if (input.failNextRequests !== undefined) {
    next.failNextRequests = nonNegative('failNextRequests', input.failNextRequests, true);
  }
  if (input.down !== undefined) {
    if (typeof input.down !== 'boolean')
      throw invalid(`down must be a boolean, got ${show(input.down)}`);
    next.down = input.down;
  }
  if (input.notFoundLists !== undefined) next.notFoundLists = lists(input.notFoundLists);
  if (input.itemFaults !== undefined) next.itemFaults = itemFaults(input.itemFaults);

  const total = RATE_KEYS.reduce((sum, key) => sum + next[key], 0);
  if (total > 1 + 1e-9) {
    throw invalid(
      `errorRate + rateLimitRate + hangRate + malformedRate must not exceed 1, got ${total}`,
    );
  }
  return next;
}

function rate(key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw invalid(`${key} must be a number between 0 and 1, got ${show(value)}`);
  }
  return value;
}

function nonNegative(key: string, value: unknown, integer: boolean): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw invalid(
      `${key} must be a non-negative ${integer ? 'integer' : 'number'}, got ${show(value)}`,
    );
  }
  return value;
}

function lists(value: unknown): readonly StoryList[] {
  if (!Array.isArray(value)) throw invalid(`notFoundLists must be an array, got ${show(value)}`);
  for (const name of value) {
    if (!isStoryList(name)) {
      throw invalid(`notFoundLists holds ${show(name)}; lists are top, new, best, ask, show, job`);
    }
  }
  return [...(value as StoryList[])];
}

function itemFaults(value: unknown): Readonly<Record<number, ItemFault>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`itemFaults must be an object of item id to fault, got ${show(value)}`);
  }
  const out: Record<number, ItemFault> = {};
  for (const [key, fault] of Object.entries(value)) {
    const id = Number(key);
    if (!Number.isSafeInteger(id) || id < 0 || String(id) !== key) {
      throw invalid(`itemFaults key ${show(key)} is not an item id`);
    }
    if (!(ITEM_FAULTS as readonly unknown[]).includes(fault)) {
      throw invalid(
        `itemFaults[${key}] must be one of ${ITEM_FAULTS.join(', ')}, got ${show(fault)}`,
      );
    }
    out[id] = fault as ItemFault;
  }
  return out;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function invalid(message: string): FakeHnApiError {
  return new FakeHnApiError('INVALID_FAULTS', message);
}
