// The starter run in this process, its output captured: what the command tests share.
import { StatusLine, type TerminalStream } from '@hn/runtime';
import type { CliContext } from '@hn/runtime/cli';
import type { Client } from '@temporalio/client';
import { runCli } from '../src/cli/program';
import { COMMANDS } from '../src/commands';

/** A stream that keeps what is written to it, with the terminal traits given. */
export function capture(options: { isTTY?: boolean; columns?: number } = {}) {
  const chunks: string[] = [];
  const stream: TerminalStream = { ...options, write: (text) => chunks.push(text) };
  return { stream, chunks, text: () => chunks.join('') };
}

/** How {@link runStarter} runs: where `connect` goes and what the streams look like. */
export interface RunStarterOptions {
  /** The test server's client, closed by the test (not by the command). */
  client?: Client;
  /** Otherwise: what `connect` does; without either it fails saying the command must not connect. */
  connect?: CliContext['connect'];
  stdout?: { isTTY?: boolean; columns?: number };
  stderr?: { isTTY?: boolean; columns?: number };
}

/** Runs the starter's command line with `args`; returns its exit code and output. */
export async function runStarter(args: readonly string[], options: RunStarterOptions = {}) {
  const stdout = capture(options.stdout);
  const stderr = capture(options.stderr);
  let connects = 0;
  const { client } = options;
  const ctx: CliContext = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    status: new StatusLine(stderr.stream),
    connect: () => {
      connects += 1;
      if (client) return Promise.resolve({ client, close: () => Promise.resolve() });
      if (options.connect) return options.connect();
      return Promise.reject(new Error(`'${args.join(' ')}' must not connect to Temporal`));
    },
  };
  const code = await runCli(args, ctx, COMMANDS);
  return {
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    stderrChunks: stderr.chunks,
    connects,
  };
}
