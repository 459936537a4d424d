// The starter's command line: `pnpm --filter starter <command>` (start, schedule; see --help).

import { processContext } from '@hn/runtime/cli';
import { runCli } from './cli/program';
import { COMMANDS } from './commands';

// A reader that stops early (`| head`) is not an error of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
process.exitCode = await runCli(process.argv.slice(2), processContext(), COMMANDS);
