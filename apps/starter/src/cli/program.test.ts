import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands';
import type { CliContext } from '@hn/runtime/cli';
import { EXIT, UsageError } from '@hn/runtime/client';
import type { CommandModule } from '@hn/runtime/cli';
import { runCli } from './program';
import { StatusLine, TemporalConnectionError, type TerminalStream } from '@hn/runtime';

/** A stream that keeps what is written to it. */
function capture(options: { isTTY?: boolean; columns?: number } = {}) {
  const chunks: string[] = [];
  const stream: TerminalStream = { ...options, write: (text) => chunks.push(text) };
  return { stream, text: () => chunks.join(''), chunks };
}

/** Runs the CLI in this process with no server: `connect` fails as an unreachable server does. */
async function run(argv: string[], commands: readonly CommandModule[] = COMMANDS) {
  const stdout = capture();
  const stderr = capture({ isTTY: true, columns: 60 });
  let connects = 0;
  const ctx: CliContext = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    status: new StatusLine(stderr.stream),
    connect: () => {
      connects += 1;
      return Promise.reject(
        new TemporalConnectionError(
          'CANNOT_CONNECT',
          'Cannot reach Temporal at 127.0.0.1:1 (test)',
          '127.0.0.1:1',
          'default',
        ),
      );
    },
  };
  const code = await runCli(argv, ctx, commands);
  return {
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    stderrChunks: stderr.chunks,
    connects,
  };
}

const SCHEDULE_COMMANDS = [
  'create',
  'update',
  'describe',
  'list',
  'pause',
  'unpause',
  'trigger',
  'backfill',
  'delete',
];

describe('help', () => {
  it.each([[[]], [['start']], [['schedule']], ...SCHEDULE_COMMANDS.map((c) => [['schedule', c]])])(
    '%j --help prints usage and the exit codes, and exits 0',
    async (command) => {
      const { code, stdout } = await run([...command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: pnpm --filter starter ${command.join(' ')}`.trimEnd());
      expect(stdout).toContain(
        'Exit codes:\n  0  ok\n  1  the run or the operation failed (the reason and its causes are printed)\n' +
          '  2  usage error: a bad command, option or value; nothing was sent\n  3  no such schedule\n' +
          '  4  Temporal unreachable',
      );
    },
  );

  it('lists every schedule command, create as the default', async () => {
    const { stdout } = await run(['schedule', '--help']);
    for (const name of SCHEDULE_COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(stdout).toMatch(
      /^ {2}create \[options\] +Create or update the schedule \(the default\)\.$/m,
    );
  });

  it('generates the options from their definitions, defaults included', async () => {
    const { stdout } = await run(['start', '--help']);
    expect(stdout).toMatch(
      /--task-queue <name>\s+task queue to start on \(default: "hackernews-task-queue"\)/,
    );
    expect(stdout).toMatch(/--id <workflow-id>\s+workflow id \(default: "hackernews-workflow"\)/);
  });
});

describe('the -- that pnpm passes through', () => {
  it.each([
    [['start', '--', '--limit', '0'], /--limit must be an integer from 1 to 500, got 0/],
    [['schedule', '--', 'list', '--bogus'], /Unknown option '--bogus' for 'schedule list'/],
    [['schedule', 'list', '--', '--limit', 'all'], /--limit must be a positive whole number/],
    [['--', 'schedule', '--every', '0s'], /at least 1s/],
  ])('is ignored in %j', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(message);
  });

  it('lets `start -- --limit 100 --json` reach the server', async () => {
    const { code, stderr, connects } = await run(['start', '--', '--limit', '100', '--json']);
    expect(connects).toBe(1);
    expect(code).toBe(EXIT.CANNOT_CONNECT);
    expect(JSON.parse(stderr)).toMatchObject({
      error: {
        code: 'CANNOT_CONNECT',
        exitCode: 4,
        message: expect.stringContaining('Cannot reach Temporal') as unknown,
      },
    });
  });

  it('lets `schedule -- list` and a bare `schedule -- --every 10m` (create) reach the server', async () => {
    for (const argv of [
      ['schedule', '--', 'list'],
      ['schedule', '--', '--every', '10m'],
    ]) {
      const { code, connects } = await run(argv);
      expect([code, connects]).toEqual([EXIT.CANNOT_CONNECT, 1]);
    }
  });
});

describe('usage errors: exit 2 with the reason and a hint, nothing sent', () => {
  it.each([
    [
      ['frob'],
      "Unknown command 'frob'. Commands: start, schedule, ingest.",
      'pnpm --filter starter',
    ],
    [['start', '--task-queue='], '--task-queue must not be empty.', 'pnpm --filter starter start'],
    [['start', '--id', ' '], '--id must not be empty.', 'pnpm --filter starter start'],
    [
      ['start', '--limit', 'ten'],
      '--limit must be a whole number, got "ten".',
      'pnpm --filter starter start',
    ],
    [
      ['start', '--list', 'hot'],
      '--list must be one of top, new, best, ask, show, job, got "hot"',
      'pnpm --filter starter start',
    ],
    [
      ['start', '--top-words=-1'],
      '--top-words must be an integer from 0 to 100',
      'pnpm --filter starter start',
    ],
    [
      ['start', '--limt', '5'],
      "Unknown option '--limt' for 'start'. Did you mean one of --limit, --list?",
      'pnpm --filter starter start',
    ],
    [['start', 'extra'], "Unexpected argument 'extra' for 'start'", 'pnpm --filter starter start'],
    [
      ['schedule', 'frob'],
      "Unknown command 'frob'. Commands: create, ingest, update, describe,",
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', 'list', '--bogus'],
      "Unknown option '--bogus' for 'schedule list'.",
      'pnpm --filter starter schedule list',
    ],
    [
      ['schedule', '--every'],
      "Option '--every <duration>' needs a value.",
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', 'pause', 'now'],
      "Unexpected argument 'now' for 'schedule pause'",
      'pnpm --filter starter schedule pause',
    ],
    [
      ['schedule', 'describe', 'one', 'two'],
      "Unexpected argument 'one two' for 'schedule describe'",
      'pnpm --filter starter schedule describe',
    ],
    [
      ['schedule', '--every', '1h', '--cron', '0 * * * *'],
      'not both',
      'pnpm --filter starter schedule create',
    ],
    [['schedule', '--every', '0s'], 'at least 1s', 'pnpm --filter starter schedule create'],
    [
      ['schedule', '--every', '-5m'],
      "Invalid every '-5m': it must be positive, e.g. 30s, 10m or 1h.",
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', '--cron', '61 * * * *'],
      "Invalid cron expression '61 * * * *': minute value 61 is out of range 0-59.",
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', '--cron', '0 0 31 2 *'],
      "Invalid cron expression '0 0 31 2 *': it matches no time after",
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', 'update', '--cron', '0 * *'],
      'expected 5 fields',
      'pnpm --filter starter schedule update',
    ],
    [
      ['schedule', '--timezone', 'Mars/Base', '--cron', '@daily'],
      'Unknown time zone',
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', '--every', '10m', '--jitter', '1h'],
      'larger than the interval',
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', '--overlap', 'sometimes'],
      'expected one of SKIP',
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', 'update', '--overlap', 'never'],
      'expected one of SKIP',
      'pnpm --filter starter schedule update',
    ],
    [
      ['schedule', '--limit', '0'],
      'limit must be an integer from 1 to 500',
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', '--list', 'hot'],
      'list must be one of top',
      'pnpm --filter starter schedule create',
    ],
    [
      ['schedule', 'list', '--limit', 'all'],
      '--limit must be a positive whole number, got "all".',
      'pnpm --filter starter schedule list',
    ],
    [
      ['schedule', 'list', '--query='],
      '--query must not be empty.',
      'pnpm --filter starter schedule list',
    ],
    [
      ['schedule', 'unpause', '--note', 'x'],
      "Unknown option '--note' for 'schedule unpause'.",
      'pnpm --filter starter schedule unpause',
    ],
    [
      ['schedule', 'backfill', '--start', '2025-01-01T00:00:00Z'],
      'backfill needs --start and --end',
      'pnpm --filter starter schedule backfill',
    ],
    [
      ['schedule', 'backfill', '--start', '2025-01-02T00:00:00Z', '--end', '2025-01-01T00:00:00Z'],
      'ends (2025-01-01T00:00:00.000Z) before it starts',
      'pnpm --filter starter schedule backfill',
    ],
    [
      ['schedule', 'backfill', '--start', '2025-01-01T00:00:00Z', '--end', '2025-01-01T00:00:00Z'],
      'The backfill period is empty',
      'pnpm --filter starter schedule backfill',
    ],
    [
      ['schedule', 'backfill', '--start', '2025-01-01T00:00:00Z', '--end', '2099-01-01T00:00:00Z'],
      'The backfill ends in the future',
      'pnpm --filter starter schedule backfill',
    ],
    [
      [
        'schedule',
        'backfill',
        '--start',
        '2025-01-01T00:00:00Z',
        '--end',
        '2025-01-02T00:00:00Z',
        '--max-runs',
        '0',
      ],
      '--max-runs must be a positive whole number, got "0".',
      'pnpm --filter starter schedule backfill',
    ],
  ])('%j', async (argv, message, helpCommand) => {
    const { code, stderr, connects } = await run(argv);
    expect(code).toBe(EXIT.USAGE);
    expect(connects).toBe(0);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).toContain(message);
    expect(stderr).toContain(`Run '${helpCommand} --help' for usage.`);
  });

  it('says which command is missing', async () => {
    const { code, stderr } = await run([]);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toContain('error: Missing command: give one of start, schedule, ingest.');
  });

  it('reports usage errors as JSON with --json', async () => {
    const { code, stderr } = await run(['schedule', '--every', 'soon', '--json']);
    expect(code).toBe(EXIT.USAGE);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'INVALID_DURATION', exitCode: 2 } });
  });
});

describe('errors on a terminal', () => {
  /** A command that draws a progress line, then fails. */
  const failing: CommandModule = {
    register(program, ctx) {
      program.command('fail').action(() => {
        ctx.status.draw('fetching [#####-----] 5/10');
        throw new Error('outer', { cause: new UsageError('inner') });
      });
    },
  };

  it('clears the progress line before printing the error and its causes', async () => {
    const { code, stderrChunks } = await run(['fail'], [failing]);
    expect(code).toBe(EXIT.FAILED);
    const error = stderrChunks.findIndex((chunk) => chunk.startsWith('error:'));
    expect(stderrChunks[error - 1]).toBe('\r\x1b[2K');
    expect(stderrChunks[error]).toBe('error: outer\n  caused by UsageError: inner\n');
  });
});

describe('a new command group', () => {
  it('is one CommandModule: help lists it, its subcommands run, errors point at it', async () => {
    const ran: string[] = [];
    const archive: CommandModule = {
      register(program) {
        const group = program.command('archive').summary('Archive items.');
        group
          .command('run')
          .option('--from <id>', 'first item id')
          .action((flags: { from?: string }) => {
            ran.push(flags.from ?? '');
          });
      },
    };
    const commands = [...COMMANDS, archive];
    expect((await run(['--help'], commands)).stdout).toMatch(/^ {2}archive\s+Archive items\.$/m);
    expect((await run(['archive', '--', 'run', '--from', '7'], commands)).code).toBe(EXIT.OK);
    expect(ran).toEqual(['7']);
    const bad = await run(['archive', 'run', '--bogus'], commands);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.stderr).toContain("Unknown option '--bogus' for 'archive run'.");
    expect(bad.stderr).toContain("Run 'pnpm --filter starter archive run --help' for usage.");
  });
});
