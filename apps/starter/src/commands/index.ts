import { type CommandModule } from '@hn/runtime/cli';
import { ingestCommand } from './ingest';
import { scheduleCommand } from './schedule';
import { startCommand } from './start';

/**
 * The starter's commands, in `--help` order. A new command or command group is one file in this
 * folder exporting a {@link CommandModule}, added here.
 */
export const COMMANDS: readonly CommandModule[] = [startCommand, scheduleCommand, ingestCommand];
