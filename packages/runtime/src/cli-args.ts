import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * `node:util`'s `parseArgs` for the project's scripts, strict by default, with the literal `--`
 * that pnpm 10 passes through to scripts (`pnpm start -- --offline`) dropped wherever it appears:
 * this project's scripts take no positional arguments after it.
 *
 * @throws TypeError from `parseArgs` (code `ERR_PARSE_ARGS_*`) on an unknown option or a missing
 *   value; callers turn it into their usage error.
 */
export function parseCliArgs<T extends ParseArgsConfig>(
  args: readonly string[],
  config: T,
): ReturnType<typeof parseArgs<T>> {
  return parseArgs<T>({ ...config, args: args.filter((arg) => arg !== '--') });
}
