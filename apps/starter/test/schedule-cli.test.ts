import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { listSchedules, type ScheduleView } from '@hn/schedules';
import { createLocalEnv } from '@hn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/schedule/commands';
import { runScheduleCli } from '../src/schedule/run';

const starterDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const cliPath = fileURLToPath(new URL('../src/schedule-cli.ts', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `pnpm --filter starter schedule` does, in a child process. */
function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['--conditions=source', cliPath, ...args],
      { cwd: starterDir, env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the CLI in this process: for checks that need no server. */
async function runInProcess(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runScheduleCli(
    args,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    () => Promise.reject(new Error('no server in this test')),
  );
  return { code, stdout, stderr };
}

describe('schedule CLI without a server', () => {
  it.each(COMMANDS)('%s --help prints its usage and exits 0', async (command) => {
    const { code, stdout } = await runInProcess([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: pnpm --filter starter schedule');
  });

  it('prints the program help with the exit codes', async () => {
    const { code, stdout } = await runInProcess(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Exit codes: 0 ok, 1 operation failed, 2 usage error, 3 schedule not found, 4 cannot connect.',
    );
  });

  it.each([
    [['frobnicate'], /Unknown command 'frobnicate'/],
    [['list', '--bogus'], /Unknown option '--bogus' for 'list'/],
    [['--every'], /Option '--every' needs a value/],
    [['pause', 'now'], /Unexpected argument 'now'/],
    [['--every', '1h', '--cron', '0 * * * *'], /not both/],
    [['--every', '0s'], /at least 1s/],
    [['--cron', '0 * *'], /expected 5 fields/],
    [['--timezone', 'Mars/Base', '--cron', '@daily'], /Unknown time zone/],
    [['--every', '10m', '--jitter', '1h'], /larger than the interval/],
    [['--overlap', 'sometimes'], /expected one of SKIP/],
    [['--limit', '0'], /limit must be an integer from 1 to 500/],
    [['--list', 'hot'], /list must be one of top/],
    [['backfill', '--start', '2025-01-01T00:00:00Z'], /needs --start and --end/],
    [
      ['backfill', '--start', '2025-01-02T00:00:00Z', '--end', '2025-01-01T00:00:00Z'],
      /ends .* before it starts/,
    ],
    [['list', '--limit', 'all'], /expected a positive whole number/],
  ])('rejects %j with exit code 2 before connecting', async (args, message) => {
    const { code, stderr } = await runInProcess(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('--help');
  });

  it('reports usage errors as JSON with --json', async () => {
    const { code, stderr } = await runInProcess(['--every', 'soon', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'INVALID_DURATION', exitCode: 2 } });
  });
});

describe('schedule CLI against a dev server', () => {
  let env: Awaited<ReturnType<typeof createLocalEnv>>;
  let serverEnv: Record<string, string>;
  const id = 'cli-schedule';

  beforeAll(async () => {
    env = await createLocalEnv();
    serverEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: env.namespace ?? 'default' };
  });

  afterAll(async () => {
    await env?.teardown();
  });

  const cli = (...args: string[]) => runCli(args, serverEnv);
  const describeJson = async () => {
    const { code, stdout } = await cli('describe', '--id', id, '--json');
    expect(code).toBe(0);
    return (JSON.parse(stdout) as { schedule: ScheduleView }).schedule;
  };

  it('creates the schedule, then updates it on a second run', async () => {
    const created = await cli(
      '--id',
      id,
      '--every',
      '1h',
      '--limit',
      '5',
      '--note',
      'from the CLI',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(`Created schedule ${id}.`);
    expect(created.stdout).toContain('every 1h');

    const updated = await cli(
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
  });

  it('describes it as JSON', async () => {
    expect(await describeJson()).toMatchObject({
      scheduleId: id,
      paused: false,
      spec: { everyMs: 7_200_000 },
      policies: { overlap: 'BUFFER_ONE', catchupWindowMs: 600_000, pauseOnFailure: false },
      action: { workflowType: 'HackerNewsWorkflow', args: [{ output: 'report', limit: 5 }] },
    });
  });

  it('updates only the settings given', async () => {
    const { code } = await cli('update', '--id', id, '--list', 'new', '--pause-on-failure');
    expect(code).toBe(0);
    expect(await describeJson()).toMatchObject({
      spec: { everyMs: 7_200_000 },
      policies: { overlap: 'BUFFER_ONE', pauseOnFailure: true },
      action: { args: [{ output: 'report', limit: 5, list: 'new' }] },
    });
  });

  it('pauses it with a note', async () => {
    const { code, stdout } = await cli('pause', '--id', id, '--note', 'maintenance');
    expect(code).toBe(0);
    expect(stdout).toContain(`Paused schedule ${id}.`);
    expect(await describeJson()).toMatchObject({ paused: true, note: 'maintenance' });
  });

  it('lists it', async () => {
    // Listing is eventually consistent: wait until the server lists it, then ask the CLI.
    const deadline = Date.now() + 20_000;
    while (!(await listSchedules(env.client)).some((s) => s.scheduleId === id)) {
      if (Date.now() > deadline) throw new Error('schedule never listed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const text = await cli('list');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${id}\\s+paused\\s+every 2h`));

    const json = await cli('list', '--json');
    const { schedules } = JSON.parse(json.stdout) as {
      schedules: { scheduleId: string; paused: boolean }[];
    };
    expect(schedules).toContainEqual(expect.objectContaining({ scheduleId: id, paused: true }));
  });

  it('deletes it; afterwards it is not found (exit 3)', async () => {
    const deleted = await cli('delete', '--id', id);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted schedule ${id}.`);

    const missing = await cli('describe', '--id', id);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`Schedule '${id}' does not exist. Create it with`);
  });

  it('exits 3 for a schedule that does not exist, also as JSON', async () => {
    const { code, stderr } = await cli('pause', '--id', 'no-such-schedule', '--json');
    expect(code).toBe(3);
    expect(JSON.parse(stderr)).toMatchObject({
      error: { code: 'SCHEDULE_NOT_FOUND', exitCode: 3 },
    });
  });

  it('exits 2 with a clear message for a bad flag', async () => {
    const { code, stderr } = await cli('describe', '--bogus');
    expect(code).toBe(2);
    expect(stderr).toContain("error: Unknown option '--bogus' for 'describe'.");
  });

  it('exits 4 with the address and how to start a server when it cannot connect', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const { code, stderr } = await runCli(['describe'], { TEMPORAL_ADDRESS: address });
    expect(code).toBe(4);
    expect(stderr).toContain(`Cannot reach Temporal at ${address}`);
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
