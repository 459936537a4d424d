// `start` as its own entry point: the root `pnpm start` runs this file with the starter's flags.

import { processContext } from '@hn/runtime/cli';
import { runCli } from './cli/program';
import { COMMANDS } from './commands';

process.exitCode = await runCli(['start', ...process.argv.slice(2)], processContext(), COMMANDS);
