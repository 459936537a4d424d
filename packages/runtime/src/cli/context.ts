import { sanitizeForTerminal } from '../terminal/sanitize';
import { StatusLine, type TerminalStream } from '../terminal/status-line';
import type { Client } from '@temporalio/client';
import { connectClient } from '../connect-client';
import { toTerminalJson } from '../control-characters';

/** A connected client and how to close it. */
export interface ConnectedClient {
  client: Client;
  close: () => Promise<void>;
}

/** What every command runs with: where it writes and how it reaches Temporal. */
export interface CliContext {
  stdout: TerminalStream;
  stderr: TerminalStream;
  /** The transient status line (progress) on `stderr`; messages to `stderr` clear it first. */
  status: StatusLine;
  /**
   * Connects to Temporal. Default: `connectClient()` (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`,
   * profiles). Commands validate everything before they call it.
   *
   * @throws TemporalConnectionError (`CANNOT_CONNECT`) when the service cannot be reached (exit code 4).
   */
  connect(): Promise<ConnectedClient>;
  /** How long `start` waits for a worker to poll before it prints a hint. Default 3 s. */
  noWorkerHintMs?: number;
}

/** The context of the real process: its stdout and stderr, the configured connection. */
export function processContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    status: new StatusLine(process.stderr),
    connect: async () => {
      const client = await connectClient();
      return { client, close: () => client.connection.close() };
    },
  };
}

/**
 * Writes `text` and a newline to stdout, each line sanitised for the terminal
 * (`sanitizeForTerminal`): renderers sanitise values before fitting them, and this catches
 * anything else from outside. JSON from `toTerminalJson` passes unchanged.
 */
export function writeOut(ctx: CliContext, text: string): void {
  ctx.stdout.write(`${sanitizeLines(text)}\n`);
}

/** Writes `text` and a newline to stderr like {@link writeOut}, clearing the status line first. */
export function writeErr(ctx: CliContext, text: string): void {
  ctx.status.clear();
  ctx.stderr.write(`${sanitizeLines(text)}\n`);
}

/** What a command prints: `json` with `--json`, `text` otherwise. */
export interface CommandOutput {
  json: unknown;
  text: string;
}

/**
 * A command's call to Temporal in one step: connects through `ctx`, runs `operation` with the
 * client, prints what it returns (its `json` as `toTerminalJson` writes it when `json` is set,
 * else its `text`), and closes the connection, also when the operation throws.
 *
 * ```ts
 * await printConnected(ctx, flags.json, async (client) => {
 *   await client.schedule.getHandle(id).pause();
 *   return { json: { result: 'paused' }, text: `Paused ${id}.` };
 * });
 * ```
 */
export async function printConnected(
  ctx: CliContext,
  json: boolean | undefined,
  operation: (client: Client) => Promise<CommandOutput>,
): Promise<void> {
  const { client, close } = await ctx.connect();
  try {
    const output = await operation(client);
    writeOut(ctx, json ? toTerminalJson(output.json) : output.text);
  } finally {
    await close();
  }
}

/** A finished run's ids. */
export interface RunIds {
  workflowId: string;
  runId: string;
}

/**
 * Prints a finished run: `{ workflowId, runId, ...result }` as `toTerminalJson` writes it when
 * `json` is set, else `summary(result, ids, width)` at the terminal's width (120 when unknown).
 *
 * ```ts
 * printRun(ctx, await runWatched(ctx, HackerNewsIngestWorkflow, start, watch), flags.json, ingestSummary);
 * ```
 */
export function printRun<R extends object>(
  ctx: CliContext,
  run: RunIds & { result: R },
  json: boolean | undefined,
  summary: (result: R, ids: RunIds, width: number) => string,
): void {
  const ids = { workflowId: run.workflowId, runId: run.runId };
  writeOut(
    ctx,
    json
      ? toTerminalJson({ ...ids, ...run.result })
      : summary(run.result, ids, ctx.stdout.columns ?? 120),
  );
}

function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitizeForTerminal).join('\n');
}
