import { CLI_USAGE, parseCliArgs, type CliCommand } from './cli-args';
import { startFakeHackerNewsApi } from './server';

let command: CliCommand;
try {
  command = parseCliArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`fake-hn-api: ${(error as Error).message}\n\n${CLI_USAGE}\n`);
  process.exit(2);
}

if (command.help) {
  process.stdout.write(`${CLI_USAGE}\n`);
} else {
  try {
    const api = await startFakeHackerNewsApi(command.options);
    const stop = (): void => {
      api.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stdout.write(`${JSON.stringify({ baseUrl: api.baseUrl })}\n`);
  } catch (error) {
    process.stderr.write(`fake-hn-api: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
