// `ingest check` on real SQLite stores built from real rows: a clean tiled set passes (exit 0);
// a seeded hole between two partitions fails their contiguity (exit 1, the table on stdout, what
// failed and what to do on stderr); nothing is fetched and Temporal is never contacted.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestPartitionRecord, ItemRecord, PartitionCheckResult } from '@hn/contract';
import { createStore } from '@hn/storage';
import { afterEach, describe, expect, it } from 'vitest';

import { runStarter } from './cli';

const HOUR_MS = 3_600_000;
/** The last three whole hours: the newest partition ended less than an hour ago (fresh). */
const END = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
const hourStart = (h: number) => END - (3 - h) * HOUR_MS;
const keyOf = (h: number) =>
  `window:${new Date(hourStart(h)).toISOString()}/${new Date(hourStart(h) + HOUR_MS).toISOString()}`;

const cli = (...args: string[]) =>
  runStarter(args, { stdout: { columns: 200 }, stderr: { columns: 200 } });

/** Ids `h*100+1 .. h*100+100` of hour `h`, timed 30 s apart inside it; every 50th id null. */
function itemsOfHour(h: number): ItemRecord[] {
  return Array.from({ length: 100 }, (_, i): ItemRecord => {
    const id = h * 100 + i + 1;
    const missing = id % 50 === 0;
    return {
      id,
      status: missing ? 'missing' : 'item',
      type: missing ? null : 'comment',
      by: missing ? null : `user${id}`,
      time: missing ? null : Math.floor(hourStart(h) / 1000) + i * 30,
      title: null,
      url: null,
      text: missing ? null : `comment ${id}`,
      score: null,
      descendants: null,
      parent: null,
      poll: null,
      kids: null,
      parts: null,
      deleted: false,
      dead: false,
      truncated: null,
      detail: null,
      fetchedAt: END,
    };
  });
}

function partition(h: number, fromId: number, toId: number): IngestPartitionRecord {
  return {
    key: keyOf(h),
    windowStart: new Date(hourStart(h)).toISOString(),
    windowEnd: new Date(hourStart(h) + HOUR_MS).toISOString(),
    fromId,
    toId,
    status: 'completed',
    counts: null,
    workflowId: `hackernews-ingest/${keyOf(h)}`,
    runId: `run-${h}`,
    startedAt: new Date(END).toISOString(),
    finishedAt: new Date(END).toISOString(),
    maxItem: 1000,
  };
}

/** A store of three tiled hours; `shift` moves the second hour's first id up (a hole). */
async function seededStore(shift = 0): Promise<string> {
  const filename = join(mkdtempSync(join(tmpdir(), 'hn-check-')), 'hn.db');
  const store = await createStore({ kind: 'sqlite', filename });
  try {
    for (const h of [0, 1, 2]) {
      await store.saveItems(itemsOfHour(h));
      await store.savePartition(partition(h, h * 100 + 1 + (h === 1 ? shift : 0), h * 100 + 100));
    }
  } finally {
    await store.close();
  }
  return filename;
}

afterEach(() => {
  delete process.env.HN_DESTINATION;
});

describe('ingest check', () => {
  it('passes a clean tiled set: a table of every check, exit 0', async () => {
    process.env.HN_DESTINATION = `sqlite:${await seededStore()}`;
    const { code, stdout, stderr } = await cli('ingest', 'check');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^partition\s+check\s+status\s+value\s+message$/);
    expect(lines[1]).toMatch(/^[- ]+$/);
    // Four checks per partition, and the freshness of the newest.
    expect(lines.slice(2, -2)).toHaveLength(13);
    expect(lines.slice(2, -2).every((line) => /\spass\s/.test(line))).toBe(true);
    expect(lines.at(-1)).toBe('13 checks of 3 partitions: 13 pass, 0 warn, 0 fail');
    expect(stdout).toMatch(new RegExp(`${keyOf(1)}\\s+missing_ids\\s+pass\\s+2%\\s+2 of 100 ids`));
  });

  it('fails on a seeded hole: the failing rows, exit 1, what failed and what to do', async () => {
    process.env.HN_DESTINATION = `sqlite:${await seededStore(4)}`;
    const { code, stdout, stderr } = await cli('ingest', 'check');
    expect(code).toBe(1);
    const failing = stdout.split('\n').filter((line) => /\sfail\s/.test(line));
    expect(failing).toHaveLength(2);
    expect(failing[0]).toMatch(
      new RegExp(
        `^${keyOf(0)}\\s+contiguity\\s+fail\\s+4\\s+4 ids \\(101\\.\\.104\\) in no partition before ${keyOf(1)}`,
      ),
    );
    expect(failing[1]).toMatch(
      new RegExp(
        `^${keyOf(1)}\\s+contiguity\\s+fail\\s+4\\s+4 ids \\(101\\.\\.104\\) in no partition after ${keyOf(0)}`,
      ),
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      '13 checks of 3 partitions: 11 pass, 0 warn, 2 fail',
    );
    expect(stderr).toContain(
      "2 checks of 2 partitions failed (contiguity). 'ingest backfill' over their period runs them again.",
    );

    // --json: the same results, exact; --from/--to narrow them to one partition.
    const json = await cli(
      'ingest',
      'check',
      '--json',
      '--from',
      new Date(hourStart(1)).toISOString(),
      '--to',
      new Date(hourStart(2)).toISOString(),
    );
    expect(json.code).toBe(1);
    const results = JSON.parse(json.stdout) as PartitionCheckResult[];
    expect(results.map((r) => [r.partitionKey, r.check, r.status])).toEqual([
      [keyOf(1), 'contiguity', 'fail'],
      [keyOf(1), 'window_times', 'pass'],
      [keyOf(1), 'missing_ids', 'pass'],
      [keyOf(1), 'maxitem', 'pass'],
      [keyOf(2), 'freshness', 'pass'],
    ]);
  });

  it('refuses bad flags before opening anything, and checks nothing where nothing is stored', async () => {
    const filename = join(mkdtempSync(join(tmpdir(), 'hn-check-')), 'none', 'hn.db');
    process.env.HN_DESTINATION = `sqlite:${filename}`;
    const bad = await cli('ingest', 'check', '--from', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--from must be an ISO-8601 time such as 2025-01-01T09:00:00Z, got "yesterday"',
    );
    const reversed = await cli(
      'ingest',
      'check',
      '--from',
      '2025-01-02T00:00:00Z',
      '--to',
      '2025-01-01T00:00:00Z',
    );
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain(
      '--to (2025-01-01T00:00:00Z) must be after --from (2025-01-02T00:00:00Z)',
    );
    const stray = await cli('ingest', 'check', '--ids', '1..2');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("'ingest check' takes only --from, --to and --json, not --ids.");

    const empty = await cli('ingest', 'check');
    expect(empty).toMatchObject({
      code: 0,
      connects: 0,
      stdout: `Nothing to check: ${filename} does not exist. Set HN_DESTINATION to the worker's destination.\n`,
      stderr: '',
    });
    expect(existsSync(join(filename, '..'))).toBe(false);
  });
});
