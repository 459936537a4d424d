// `pnpm --filter dashboard start`: serves the dashboard over a store, read-only.
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultDestination } from '@hn/runtime';
import { startDashboard } from './start-dashboard';

/** The pipeline's default destination, the workspace's `.data/hn-pipeline.db`, where the worker writes. */
const DEFAULT_DESTINATION = defaultDestination(fileURLToPath(new URL('.', import.meta.url)));

function port(text: string): number {
  const value = Number(text);
  if (!/^\d{1,5}$/.test(text) || value > 65_535) {
    throw new InvalidArgumentError('expected a port from 0 to 65535 (0: any free port).');
  }
  return value;
}

function webUrl(text: string): string {
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new InvalidArgumentError('expected an http(s) URL such as http://127.0.0.1:8233.');
  }
  return text.replace(/\/+$/, '');
}

const program = new Command('dashboard')
  .description('Serves the Hacker News pipeline dashboard over a store (read-only).')
  .addOption(
    new Option('--destination <url>', 'store to read: sqlite:PATH, a path, or postgres://…')
      .env('HN_DESTINATION')
      .default(DEFAULT_DESTINATION, '.data/hn-pipeline.db of the workspace'),
  )
  .option(
    '--host <host>',
    'interface to bind; 127.0.0.1 serves this machine only, 0.0.0.0 every network',
    '127.0.0.1',
  )
  .option('--port <port>', 'port (0: any free port)', port, 8080)
  .option('--temporal-address <host:port>', 'Temporal frontend for the backfills view')
  .option('--namespace <namespace>', 'Temporal namespace')
  .option('--no-temporal', 'do not connect to Temporal (no backfills view)')
  .option('--web-ui-url <url>', 'Temporal Web UI base URL, for links to runs', webUrl)
  .allowExcessArguments(false)
  .action(
    async (options: {
      destination: string;
      host: string;
      port: number;
      temporalAddress?: string;
      namespace?: string;
      temporal: boolean;
      webUiUrl?: string;
    }) => {
      const dashboard = await startDashboard({
        destination: options.destination,
        host: options.host,
        port: options.port,
        temporal: options.temporal,
        ...(options.temporalAddress !== undefined && { temporalAddress: options.temporalAddress }),
        ...(options.namespace !== undefined && { temporalNamespace: options.namespace }),
        ...(options.webUiUrl !== undefined && { webUiUrl: options.webUiUrl }),
      });
      process.stdout.write(`Dashboard: ${dashboard.url}\n`);
      const stop = () => {
        void dashboard.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
  );

// pnpm 10 passes a literal `--` through to the script.
const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
program.parseAsync(args, { from: 'user' }).catch((error: unknown) => {
  process.stderr.write(`dashboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
