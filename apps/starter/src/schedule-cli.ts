import { runScheduleCli } from './schedule/run';

process.exitCode = await runScheduleCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
