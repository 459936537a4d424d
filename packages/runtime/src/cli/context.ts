import { sanitizeForTerminal } from '../terminal/sanitize';
import { StatusLine, type TerminalStream } from '../terminal/status-line';
import type { Client } from '@temporalio/client';
import { connectClient } from '../connect-client';

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

function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitizeForTerminal).join('\n');
}
