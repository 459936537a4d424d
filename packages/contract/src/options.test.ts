import { describe, expect, it } from 'vitest';
import {
  BACKFILL_OPTIONS,
  INGEST_OPTIONS,
  InputProblem,
  MAX_ITEM_ID,
  formatDuration,
  optionHelp,
  parseDuration,
  resolveBackfillInput,
  resolveIngestInput,
  resolveInput,
} from './index';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const flags = (field: string) =>
  ({ fromId: 'the start of --ids', toId: 'the end of --ids', ids: '--ids' })[field] ??
  `--${field.replace(/^ingest\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe('option tables', () => {
  it('derive help lines from the rows', () => {
    expect(optionHelp(INGEST_OPTIONS.concurrency)).toBe(
      'Hacker News requests in flight for the whole run, 1-500 (default 50)',
    );
    expect(optionHelp(INGEST_OPTIONS.partition)).toMatch(/1s to 31d \(default 1h\)$/);
  });

  it('a backfill reuses the ingest rows: its partition and every ingest option, heartbeat included', () => {
    expect(BACKFILL_OPTIONS.partition).toBe(INGEST_OPTIONS.partition);
    const day = { start: '2025-12-01T00:00:00Z', end: '2025-12-02T00:00:00Z' };
    const ok = resolveBackfillInput(
      { ...day, ingest: { heartbeatTimeoutSeconds: 60 } },
      { now: NOW },
    );
    expect(ok.problems).toEqual([]);
    expect(ok.input.ingest).toEqual({ heartbeatTimeoutSeconds: 60 });
    const bad = resolveBackfillInput(
      { ...day, ingest: { heartbeatTimeoutSeconds: 601 } },
      { now: NOW },
    );
    expect(bad.problems).toEqual([
      new InputProblem(
        'ingest.heartbeatTimeoutSeconds',
        'ingest.heartbeatTimeoutSeconds must be an integer from 1 to 600, got 601',
      ),
    ]);
  });

  it('problems carry their field, and name it as the caller asks', () => {
    const { problems } = resolveIngestInput({ fromId: 9, toId: 3, chunkSize: 0 }, { names: flags });
    expect(problems.map((p) => p.field)).toEqual(['chunkSize', 'toId']);
    expect(problems.map(String)).toEqual([
      '--chunk-size must be an integer from 1 to 10000, got 0',
      'the end of --ids (3) must be at least the start of --ids (9)',
    ]);
    expect(resolveInput({ topWords: -1 }, flags).problems.map(String)).toEqual([
      '--top-words must be an integer from 0 to 100, got -1',
    ]);
    // Serialised (a workflow failure's details), a problem is its field and message.
    expect(JSON.parse(JSON.stringify(problems[0]))).toEqual({
      field: 'chunkSize',
      message: '--chunk-size must be an integer from 1 to 10000, got 0',
    });
  });

  it('refuses ids past the store’s 32-bit columns, and names a bad end once', () => {
    expect(MAX_ITEM_ID).toBe(2_147_483_647);
    expect(resolveIngestInput({ fromId: 1, toId: MAX_ITEM_ID }).problems.map(String)).toEqual([
      'fromId..toId: the range holds 2147483647 ids; one run ingests at most 5000000: split it',
    ]);
    expect(
      resolveIngestInput({ fromId: MAX_ITEM_ID, toId: MAX_ITEM_ID + 1 }).problems.map(String),
    ).toEqual(['toId must be an integer from 1 to 2147483647, got 2147483648']);
    expect(
      resolveIngestInput({ fromId: 0, toId: 0 }, { names: flags }).problems.map(String),
    ).toEqual([
      'the start of --ids and the end of --ids must each be an integer from 1 to 2147483647, got 0',
    ]);
  });
});

describe('the duration grammar', () => {
  it.each([
    ['30s', 30_000],
    ['1h30m', 5_400_000],
    ['90 seconds', 90_000],
    [' 2 Hours ', 7_200_000],
    ['500ms', 500],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it.each(['', '10', '-5m', '1h 30', 'h1', '10 parsecs', 5])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
