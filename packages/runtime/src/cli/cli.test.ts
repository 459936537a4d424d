import { INGEST_OPTIONS } from '@hn/contract';
import { ApplicationFailure } from '@temporalio/client';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError } from '../exit-codes';
import { sanitizeForTerminal } from '../terminal/sanitize';
import { StatusLine, type TerminalStream } from '../terminal/status-line';
import { printConnected, printRun, writeErr, writeOut, type CliContext } from './context';
import { addOptionFlag, addTextFlag, flagNames, flagOf, inheritFlags } from './flags';
import { nonEmpty, positiveInteger, wholeNumber } from './options';
import { runCli, type CommandModule } from './program';
import { causesOf, reportError } from './report-error';
import { runWatched, watchOptions, watchUntilInterrupted } from './watch';

function context(columns = 60) {
  const out: string[] = [];
  const err: string[] = [];
  const stderr: TerminalStream = { isTTY: true, columns, write: (t) => err.push(t) };
  const ctx: CliContext = {
    stdout: { write: (t) => out.push(t) },
    stderr,
    status: new StatusLine(stderr),
    connect: () => Promise.reject(new Error('no server in this test')),
  };
  return { ctx, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('flags', () => {
  it('names a field as a flag, a nested one by its last part, with overrides', () => {
    expect(flagOf('chunkSize')).toBe('--chunk-size');
    expect(flagOf('ingest.concurrency')).toBe('--concurrency');
    const names = flagNames({ start: '--from' });
    expect([names('start'), names('maxPartitions')]).toEqual(['--from', '--max-partitions']);
  });

  it("adds a table row's flag with its range and default, parsed as a whole number", () => {
    const command = addOptionFlag(new Command('x'), 'chunkSize', INGEST_OPTIONS.chunkSize);
    expect(command.helpInformation()).toMatch(/--chunk-size <n>\s+.*\(default/);
    command.exitOverride().parse(['--chunk-size', '25'], { from: 'user' });
    expect(command.opts()).toEqual({ chunkSize: 25 });
    expect(() => command.parse(['--chunk-size', 'x'], { from: 'user' })).toThrow(
      '--chunk-size must be a whole number, got "x".',
    );
  });

  it("adds a text row's flag with its choices and default, or a switch and its --no- flag", () => {
    const overlap = { value: 'policy', doc: 'when due', choices: ['skip', 'all'], default: 'skip' };
    const pause = { doc: 'pause on failure', off: 'keep running' };
    const create = addTextFlag(new Command('x'), 'overlap', overlap);
    addTextFlag(create, 'pauseOnFailure', pause);
    expect(create.helpInformation()).toMatch(
      /--overlap <policy>\s+when due: skip, all \(default skip\)/,
    );
    expect(create.helpInformation()).toMatch(
      /--pause-on-failure\s+pause on failure \(default: keep running\)/,
    );
    const update = addTextFlag(new Command('y'), 'pauseOnFailure', pause, { negatable: true });
    expect(update.helpInformation()).toMatch(/--no-pause-on-failure\s+keep running\n/);
    update.exitOverride().parse(['--no-pause-on-failure'], { from: 'user' });
    expect(update.opts()).toEqual({ pauseOnFailure: false });
    const note = addTextFlag(new Command('z'), 'note', { value: 't', doc: 'n', nonEmpty: true });
    expect(() => note.exitOverride().parse(['--note', ' '], { from: 'user' })).toThrow(
      '--note must not be empty.',
    );
  });

  it('parses values or throws a UsageError naming the flag', () => {
    expect(nonEmpty('--id')('a')).toBe('a');
    expect(() => nonEmpty('--id')(' ')).toThrow(new UsageError('--id must not be empty.'));
    expect(wholeNumber('--n')('-3')).toBe(-3);
    expect(positiveInteger('--n')('7')).toBe(7);
    expect(() => positiveInteger('--n')('0')).toThrow(/--n must be a positive whole number/);
  });

  it("takes a group's options for its subcommand and refuses the ones it does not take", () => {
    const group = new Command('g').option('--from <t>').option('--last <d>').option('--json');
    group.parse(['--from', 'a', '--json'], { from: 'user' });
    const refuse = { options: ['last'], what: (f: readonly string[]) => `not ${f.join(', ')}` };
    expect(inheritFlags({ to: 'b' }, group, { take: ['from', 'json'], refuse })).toEqual({
      to: 'b',
      from: 'a',
      json: true,
    });
    group.parse(['--last', '1h'], { from: 'user' });
    expect(() => inheritFlags({}, group, { refuse })).toThrow(new UsageError('not --last'));
  });
});

describe('output', () => {
  it('writes lines sanitised for the terminal, clearing the status line before stderr', () => {
    const { ctx, stdout, stderr } = context();
    writeOut(ctx, 'a\x1b[2Jb\nc');
    ctx.status.draw('progress');
    writeErr(ctx, 'oops');
    expect(stdout()).toBe(`${sanitizeForTerminal('a\x1b[2Jb')}\nc\n`);
    expect(stdout()).not.toContain('\x1b');
    expect(stderr().endsWith('progress\r\x1b[2Koops\n')).toBe(true);
  });
});

describe('printRun', () => {
  const run = { workflowId: 'wf', runId: 'run-1', result: { total: 3, note: 'a\x1b[2Jb' } };
  const summary = (result: { total: number }, ids: { workflowId: string }, width: number) =>
    `${ids.workflowId}: ${result.total} at ${width}`;

  it('prints the summary at the terminal width, 120 when unknown', () => {
    const narrow = context();
    narrow.ctx.stdout.columns = 70;
    printRun(narrow.ctx, run, false, summary);
    const unknown = context();
    printRun(unknown.ctx, run, undefined, summary);
    expect([narrow.stdout(), unknown.stdout()]).toEqual(['wf: 3 at 70\n', 'wf: 3 at 120\n']);
  });

  it('prints the ids and the result as JSON, exact and safe for the terminal', () => {
    const { ctx, stdout } = context();
    printRun(ctx, run, true, summary);
    expect(JSON.parse(stdout())).toEqual({ workflowId: 'wf', runId: 'run-1', ...run.result });
    expect(stdout()).not.toContain('\x1b');
  });
});

describe('printConnected', () => {
  /** A context whose connection counts its closes; the client is never called here. */
  function connected() {
    const out = context();
    const state = { closed: 0 };
    out.ctx.connect = () =>
      Promise.resolve({
        client: {} as never,
        close: () => {
          state.closed += 1;
          return Promise.resolve();
        },
      });
    return { ...out, state };
  }

  it('prints the text, or the JSON with json, and closes the connection', async () => {
    const output = { json: { title: 'a\x1b[2Jb' }, text: 'done \x1b[2J' };
    const text = connected();
    await printConnected(text.ctx, false, () => Promise.resolve(output));
    expect(text.stdout()).toBe(`${sanitizeForTerminal('done \x1b[2J')}\n`);
    const json = connected();
    await printConnected(json.ctx, true, () => Promise.resolve(output));
    expect(JSON.parse(json.stdout())).toEqual(output.json);
    expect(json.stdout()).not.toContain('\x1b');
    expect([text.state.closed, json.state.closed]).toEqual([1, 1]);
  });

  it('closes the connection when the operation throws, and prints nothing', async () => {
    const { ctx, stdout, state } = connected();
    await expect(
      printConnected(ctx, false, () => Promise.reject(new Error('not found'))),
    ).rejects.toThrow('not found');
    expect([stdout(), state.closed]).toEqual(['', 1]);
  });
});

describe('reportError', () => {
  const failure = new Error('The run r-1 failed.', {
    cause: ApplicationFailure.create({ type: 'Broken', message: 'chunk 3', nonRetryable: true }),
  });

  it('prints the message and each cause down to the ApplicationFailure, exit 1', () => {
    const { ctx, stderr } = context();
    expect(causesOf(failure)).toEqual([
      { name: 'ApplicationFailure', type: 'Broken', message: 'chunk 3' },
    ]);
    expect(reportError(ctx, failure, { json: false, helpCommand: 'x' })).toBe(EXIT.FAILED);
    expect(stderr()).toBe(
      'error: The run r-1 failed.\n  caused by ApplicationFailure [Broken]: chunk 3\n',
    );
  });

  it("says a usage error in JSON, or in text with the --help hint, in the program's words", () => {
    const { ctx, stderr } = context();
    class Missing extends Error {}
    const options = { helpCommand: 'my-cli run', rules: { notFound: [Missing] } };
    expect(reportError(ctx, new UsageError('bad'), { ...options, json: true })).toBe(2);
    expect(JSON.parse(stderr())).toEqual({ error: { code: 'USAGE', exitCode: 2, message: 'bad' } });
    const text = context();
    const describe = (e: Error) => (e instanceof Missing ? 'No such thing.' : undefined);
    expect(reportError(text.ctx, new Missing('x'), { ...options, json: false, describe })).toBe(3);
    expect(reportError(text.ctx, new UsageError('bad'), { ...options, json: false })).toBe(2);
    expect(text.stderr()).toBe(
      "error: No such thing.\nerror: bad\nRun 'my-cli run --help' for usage.\n",
    );
  });
});

describe('runCli', () => {
  const hello: CommandModule = {
    register: (program, ctx) =>
      program
        .command('hello')
        .option('--name <name>', 'who', nonEmpty('--name'))
        .action((o: { name?: string }) => writeOut(ctx, `hello ${o.name ?? 'you'}`)),
  };
  const options = { name: 'my-cli', description: 'Says hello.' };

  it('runs a command, ignoring the -- pnpm passes through', async () => {
    const { ctx, stdout } = context();
    expect(await runCli(['--', 'hello', '--name', 'ada'], ctx, [hello], options)).toBe(0);
    expect(stdout()).toBe('hello ada\n');
  });

  it("says commander's errors in its own words, exit 2, and prints help with exit 0", async () => {
    const { ctx, stdout, stderr } = context();
    expect(await runCli(['hello', '--nam', 'x'], ctx, [hello], options)).toBe(2);
    expect(await runCli(['frob'], ctx, [hello], options)).toBe(2);
    expect(stderr()).toBe(
      "error: Unknown option '--nam' for 'hello'. Did you mean --name?\nRun 'my-cli hello --help' for usage.\n" +
        "error: Unknown command 'frob'. Commands: hello.\nRun 'my-cli --help' for usage.\n",
    );
    expect(await runCli(['--help'], ctx, [hello], options)).toBe(0);
    expect(stdout()).toMatch(/^Usage: my-cli <command> \[options\][\s\S]*Exit codes:/);
  });
});

describe('watchOptions', () => {
  it('draws the progress on the status line while the run goes, and clears it after', () => {
    const { ctx, stderr } = context();
    const options = watchOptions<never, number>(ctx, {} as never, {
      label: { a: 'A run', the: 'The run' },
      idOption: '--id',
      taskQueue: 'q',
      progress: { query: {} as never, line: (n, width) => `${n} of ${width}` },
    });
    const stop = options.onStarted?.({ workflowId: 'w-1' } as never);
    options.progress?.onProgress(3);
    (stop as () => void)();
    expect(stderr()).toBe('\r\x1b[2Kstarting w-1…\r\x1b[2K3 of 59\r\x1b[2K');
  });
});

describe('watchUntilInterrupted', () => {
  it('draws the line until SIGINT, then clears the status line and leaves SIGINT alone', async () => {
    const { ctx, stderr } = context();
    let polls = 0;
    const listeners = process.listenerCount('SIGINT');
    await watchUntilInterrupted(
      ctx,
      () => {
        polls += 1;
        // Ctrl-C: the listener the watch added (the last one), not the test runner's.
        if (polls === 2) (process.listeners('SIGINT').at(-1) as () => void)();
        return Promise.resolve(`poll ${polls}`);
      },
      1,
    );
    expect(polls).toBe(2);
    expect(stderr()).toBe('\r\x1b[2Kpoll 1\r\x1b[2Kpoll 2\r\x1b[2K');
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});

describe('runWatched', () => {
  it('closes the connection whatever the run does', async () => {
    const { ctx } = context();
    let closed = false;
    const failing = { workflow: { start: () => Promise.reject(new Error('refused')) } };
    ctx.connect = () =>
      Promise.resolve({
        client: failing as never,
        close: () => {
          closed = true;
          return Promise.resolve();
        },
      });
    await expect(
      runWatched(
        ctx,
        async function W() {},
        { taskQueue: 'q', workflowId: 'w' },
        {
          label: { a: 'A run', the: 'The run' },
          idOption: '--id',
        },
      ),
    ).rejects.toThrow('refused');
    expect(closed).toBe(true);
  });
});
