import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCommands } from '../src/extract';

describe('extractCommands', () => {
  it('reads shell blocks only, with quotes, comments, env, chains, cd and continuations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-check-'));
    const readme = join(dir, 'README.md');
    writeFileSync(
      readme,
      [
        '# Title',
        '```ts',
        'pnpm not-a-command',
        '```',
        '```sh',
        '# a comment line',
        'bash scripts/setup.sh && pnpm start   # the main job',
        'pnpm --filter starter schedule --cron "0 * * * *" --note \'a # b\'',
        'HN_X=1 pnpm --filter worker \\',
        '  start',
        'cd /tmp/app && TEMPORAL_ADDRESS=t:7233 node dist/main.js',
        '```',
        '```text',
        'pnpm output-only',
        '```',
      ].join('\n'),
    );
    const commands = extractCommands(dir, readme).map(({ line, env, argv, cwd }) => ({
      line,
      env,
      argv,
      ...(cwd !== undefined && { cwd }),
    }));
    expect(commands).toEqual([
      { line: 7, env: {}, argv: ['bash', 'scripts/setup.sh'] },
      { line: 7, env: {}, argv: ['pnpm', 'start'] },
      {
        line: 8,
        env: {},
        argv: ['pnpm', '--filter', 'starter', 'schedule', '--cron', '0 * * * *', '--note', 'a # b'],
      },
      { line: 9, env: { HN_X: '1' }, argv: ['pnpm', '--filter', 'worker', 'start'] },
      {
        line: 11,
        env: { TEMPORAL_ADDRESS: 't:7233' },
        argv: ['node', 'dist/main.js'],
        cwd: '/tmp/app',
      },
    ]);
  });
});
