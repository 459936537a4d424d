// `schedule` against the Temporal CLI's dev server (Schedules need a real server): in this process
// for most commands, as `pnpm --filter starter schedule ...` in a child process for a few.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ensureSchedule, listSchedules, type ScheduleView } from '@hn/schedules';
import { createLocalEnv, waitFor } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runStarter } from './cli';

const root = fileURLToPath(new URL('../../..', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createLocalEnv();
});

afterAll(async () => {
  await env?.teardown();
});

/** `pnpm --filter starter schedule <args>` in this process, on the dev server. */
const schedule = (...args: string[]): Promise<CliResult> =>
  runStarter(['schedule', ...args], { client: env.client });

/** The real command line, through pnpm, in a child process. */
function pnpm(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'pnpm',
      ['--silent', '--filter', 'starter', ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: env.address,
          TEMPORAL_NAMESPACE: 'default',
          ...extraEnv,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

async function describeJson(id: string): Promise<ScheduleView> {
  const { code, stdout, stderr } = await schedule('describe', '--id', id, '--json');
  expect(code, stderr).toBe(0);
  return (JSON.parse(stdout) as { schedule: ScheduleView }).schedule;
}

describe('schedule CLI against a dev server', () => {
  const id = 'cli-schedule';

  it('creates the schedule with a note that says its timing, then updates it on a second run', async () => {
    const created = await schedule('--id', id, '--every', '1h', '--limit', '5');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(`Created schedule ${id}.`);
    expect(created.stdout).toContain('Note       Hacker News pipeline (every 1h).');

    const updated = await schedule(
      'create',
      '--id',
      id,
      '--every',
      '2h',
      '--limit',
      '5',
      '--overlap',
      'buffer-one',
    );
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain(`Updated schedule ${id}.`);
    expect(updated.stdout).toContain('Note       Hacker News pipeline (every 2h).');
  });

  it('describes it as JSON', async () => {
    const described = await describeJson(id);
    expect(described).toMatchObject({
      scheduleId: id,
      paused: false,
      note: 'Hacker News pipeline (every 2h).',
      spec: { everyMs: 7_200_000 },
      policies: { overlap: 'BUFFER_ONE', catchupWindowMs: 600_000, pauseOnFailure: false },
      action: { workflowType: 'HackerNewsWorkflow' },
    });
    // The input exactly: toMatchObject would let an extra option through.
    expect(described.action.args).toEqual([{ output: 'report', limit: 5 }]);
  });

  it('updates only the settings given', async () => {
    const { code } = await schedule('update', '--id', id, '--list', 'new', '--pause-on-failure');
    expect(code).toBe(0);
    const described = await describeJson(id);
    expect(described).toMatchObject({
      spec: { everyMs: 7_200_000 },
      policies: { overlap: 'BUFFER_ONE', pauseOnFailure: true },
    });
    expect(described.action.args).toEqual([{ output: 'report', limit: 5, list: 'new' }]);
    expect((await schedule('update', '--id', id, '--no-pause-on-failure')).code).toBe(0);
    expect((await describeJson(id)).policies.pauseOnFailure).toBe(false);
  });

  it('pauses it with a reason, keeping its note', async () => {
    const { code, stdout } = await schedule('pause', '--id', id, '--note', 'maintenance');
    expect(code).toBe(0);
    expect(stdout).toContain(`Paused schedule ${id}.`);
    expect(stdout).toContain('Note       Hacker News pipeline (every 2h).\nPaused     maintenance');
    expect(await describeJson(id)).toMatchObject({
      paused: true,
      note: 'Hacker News pipeline (every 2h).',
      pauseNote: 'maintenance',
    });
  });

  it('lists it, also through pnpm with the -- that pnpm passes on', async () => {
    // Listing is eventually consistent: wait until the server lists it, then ask the CLI.
    await waitFor('the schedule in the list', async () =>
      (await listSchedules(env.client)).some((s) => s.scheduleId === id) ? true : undefined,
    );
    const text = await schedule('list');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${id}\\s+paused\\s+every 2h`, 'm'));

    const json = await schedule('list', '--json');
    const { schedules } = JSON.parse(json.stdout) as {
      schedules: { scheduleId: string; paused: boolean; pauseNote?: string }[];
    };
    const listed = schedules.filter((s) => s.scheduleId === id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ paused: true, pauseNote: 'maintenance' });

    const viaPnpm = await pnpm(['schedule', '--', 'list']);
    expect(viaPnpm.code, viaPnpm.stderr).toBe(0);
    expect(viaPnpm.stdout).toMatch(new RegExp(`^${id}\\s+paused`, 'm'));
  });

  it("shows the server's message for a bad list query, and exits 1", async () => {
    const { code, stderr } = await schedule('list', '--query', 'NoSuchAttribute = 1');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^error: Failed to list schedules\n {2}caused by 3 INVALID_ARGUMENT: invalid query: .*NoSuchAttribute/,
    );
  });

  it('unpauses it: the note comes back, the pause note goes', async () => {
    const { code, stdout } = await schedule('unpause', '--id', id);
    expect(code).toBe(0);
    expect(stdout).not.toContain('Paused     ');
    const view = await describeJson(id);
    expect(view).toMatchObject({ paused: false, note: 'Hacker News pipeline (every 2h).' });
    expect(view.pauseNote).toBeUndefined();
  });

  it('refuses to drop a second workflow argument on update (usage error)', async () => {
    await ensureSchedule(env.client, {
      scheduleId: 'two-args',
      args: [{ limit: 1 }, 'extra'] as never,
    });
    const { code, stderr } = await schedule('update', '--id', 'two-args', '--limit', '5');
    expect(code).toBe(2);
    expect(stderr).toContain(
      "error: Schedule 'two-args' starts its workflow with 2 arguments; HackerNewsWorkflow takes one",
    );
    expect((await describeJson('two-args')).action.args).toEqual([{ limit: 1 }, 'extra']);
  });

  it('deletes it; afterwards it is not found (exit 3), also as JSON', async () => {
    const deleted = await schedule('delete', '--id', id);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted schedule ${id}.`);

    const missing = await schedule('describe', '--id', id);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(
      `Schedule '${id}' does not exist. Create it with 'pnpm --filter starter schedule --id ${id}'`,
    );
    // A backfill of a schedule that does not exist says the same: a command, no library call.
    for (const bounded of [[], ['--parallelism', '2']]) {
      const backfill = await schedule(
        'backfill',
        '--id',
        'nosuch',
        '--start',
        '2025-01-01T00:00:00Z',
        '--end',
        '2025-01-01T01:00:00Z',
        ...bounded,
      );
      expect(backfill.code).toBe(3);
      expect(backfill.stderr).toContain("Schedule 'nosuch' does not exist. Create it with 'pnpm");
      expect(backfill.stderr).not.toMatch(/ensureSchedule/);
    }

    const json = await schedule('pause', '--id', 'no-such-schedule', '--json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: { code: 'SCHEDULE_NOT_FOUND', exitCode: 3 },
    });
  });
});

describe('schedule backfill', () => {
  const id = 'cli-backfill';
  const tenMinutes = 600_000;
  // The last 10-minute slot at least a minute ago.
  const slot = Math.floor((Date.now() - 60_000) / tenMinutes) * tenMinutes;
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    const { code, stderr } = await schedule('--id', id, '--every', '10m', '--paused');
    expect(code, stderr).toBe(0);
  });

  it('refuses ten years of a paused 10-minute schedule, saying how to split it (exit 2)', async () => {
    const { code, stderr } = await schedule(
      'backfill',
      '--id',
      id,
      '--start',
      '2015-01-01T00:00:00Z',
      '--end',
      '2025-01-01T00:00:00Z',
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      "error: Backfilling schedule 'cli-backfill' (every 10m) from 2015-01-01T00:00:00.000Z to " +
        '2025-01-01T00:00:00.000Z would start 526,033 runs, more than the limit of 1,000 per backfill. ' +
        'Split the period into backfills of about 6d22h39m58s each',
    );
    expect(stderr).toContain("raise the limit with maxRuns (the starter's --max-runs)");
    expect(stderr).toContain(`Run 'pnpm --filter starter schedule backfill --help' for usage.`);
    expect((await describeJson(id)).numActionsTaken).toBe(0);
  });

  it('counts the runs of the period against --max-runs', async () => {
    // Seven slots, both ends included.
    const period = ['--start', iso(slot - 6 * tenMinutes), '--end', iso(slot)];
    const refused = await schedule('backfill', '--id', id, ...period, '--max-runs', '6');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('would start 7 runs, more than the limit of 6 per backfill');

    const accepted = await schedule('backfill', '--id', id, ...period, '--max-runs', '7', '--json');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({
      result: 'backfilled',
      runs: 7,
      overlap: 'BUFFER_ALL',
    });
  });

  it('sends nothing for a period without a slot', async () => {
    const { code, stdout } = await schedule(
      'backfill',
      '--id',
      id,
      '--start',
      iso(slot - tenMinutes + 60_000),
      '--end',
      iso(slot - 60_000),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('nothing to backfill');
  });
});

describe('schedule CLI as a process', () => {
  it('exits 2 with a clear message for a bad flag', async () => {
    const { code, stderr } = await pnpm(['schedule', 'describe', '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "error: Unknown option '--bogus' for 'schedule describe'.\n" +
        "Run 'pnpm --filter starter schedule describe --help' for usage.\n",
    );
  });

  it('exits 4 with the address and how to start a server when it cannot connect', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const { code, stderr } = await pnpm(['schedule', 'describe'], { TEMPORAL_ADDRESS: address });
    expect(code).toBe(4);
    expect(stderr).toContain(`Cannot connect to Temporal at ${address} (namespace default)`);
    expect(stderr).toContain('temporal server start-dev');
  });
});

/** A local port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
