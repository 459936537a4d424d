import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { startDevServer, startProcess, type DevServer, type ManagedProcess } from '@hn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCommands, findReadmes, type DocumentedCommand } from '../src/extract';

// Every command every README shows is run here, as written, against real parts: a dev server,
// the worker app as it ships (dist/main.js) and the fake Hacker News API. Only hosts that stand
// for the reader's own infrastructure (TEMPORAL_ADDRESS, HN_DESTINATION) point at this test's.
// A command no rule below knows fails the test, so a newly documented command must be run too.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const commands = findReadmes(root).flatMap((readme) => extractCommands(root, readme));
const workspacePackages = new Map(
  ['packages', 'apps'].flatMap((dir) =>
    findReadmes(join(root, dir))
      .filter((readme) => existsSync(join(readme, '..', 'package.json')))
      .map((readme) => {
        const pkg = JSON.parse(readFileSync(join(readme, '..', 'package.json'), 'utf8')) as {
          name: string;
          private?: boolean;
          dependencies?: Record<string, string>;
          peerDependencies?: Record<string, string>;
          devDependencies?: Record<string, string>;
        };
        return [pkg.name, { ...pkg, dir: join(readme, '..') }] as const;
      }),
  ),
);

let server: DevServer;
let api: FakeHackerNewsApi;
let worker: ManagedProcess;
let dataDir: string;

function env(command: DocumentedCommand): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...command.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: 'default',
    HN_API_URL: api.baseUrl,
    HN_DESTINATION: `sqlite:${join(dataDir, `readme-${command.line}.db`)}`,
    HN_METRICS_ADDRESS: 'off',
    LOG_FORMAT: 'json',
    CI: 'true',
  };
}

async function run(command: DocumentedCommand, extraArgs: string[] = []) {
  const [bin, ...args] = command.argv;
  const child = startProcess(bin!, [...args, ...extraArgs], { cwd: root, env: env(command) });
  const code = await child.exited;
  return { code, output: child.output() };
}

/** Starts a long-running command, waits until it says it is ready, then stops it. */
async function runUntilReady(command: DocumentedCommand, ready: RegExp) {
  const [bin, ...args] = command.argv;
  const child = startProcess(bin!, args, { cwd: root, env: env(command), detached: true });
  try {
    await child.waitForOutput(ready, 90_000);
  } finally {
    // pnpm runs the command in a child of its own: signal the whole group.
    if (child.child.pid && child.child.exitCode === null) process.kill(-child.child.pid, 'SIGTERM');
  }
  return { code: await child.exited, output: child.output() };
}

const is = (command: DocumentedCommand, ...prefix: string[]) =>
  prefix.every((word, index) => command.argv[index] === word);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hn-readme-'));
  [server, api] = await Promise.all([startDevServer(), startFakeHackerNewsApi()]);
  worker = startProcess(process.execPath, ['apps/worker/dist/main.js'], {
    cwd: root,
    env: { ...env({ file: '', line: 0, env: {}, argv: [], text: '' }) },
  });
  await worker.waitForOutput(/Worker ready/, 90_000);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([server?.stop(), api?.close()]);
});

describe('every command in every README', () => {
  it('finds the documented commands', () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(commands.map((command) => command.text)).toContain(
      'pnpm --filter starter start -- --limit 100 --json',
    );
  });

  it.each(commands.map((command) => [`${command.file}:${command.line} ${command.text}`, command]))(
    '%s',
    async (_name, command) => {
      if (is(command, 'pnpm', 'add')) {
        // Installing from a registry is the reader's step; what it names must exist to install.
        const readmePackage = [...workspacePackages.values()].find(
          (pkg) => join(root, command.file) === join(pkg.dir, 'README.md'),
        );
        for (const name of command.argv.slice(2)) {
          const workspace = workspacePackages.get(name);
          if (workspace) {
            expect(workspace.private, `${name} is published`).not.toBe(true);
          } else {
            const declared = {
              ...readmePackage?.dependencies,
              ...readmePackage?.peerDependencies,
              ...readmePackage?.devDependencies,
            };
            expect(Object.keys(declared), `${name} is used by the package`).toContain(name);
          }
        }
        return;
      }
      if (is(command, 'bash', 'scripts/setup.sh') || is(command, 'pnpm', 'test')) {
        // The set-up and the test command are what .ci/run itself runs, as the README writes them.
        const ci = readFileSync(join(root, '.ci/run'), 'utf8');
        expect(ci).toContain(command.text.includes('pnpm test') ? 'pnpm test' : 'scripts/setup.sh');
        return;
      }
      if (is(command, 'pnpm', 'start') || is(command, 'pnpm', 'bench')) {
        // The full runs are the main-job test and the benchmark; here their options are checked.
        const result = await run(
          command,
          command.argv.includes('--') ? ['--help'] : ['--', '--help'],
        );
        expect(result.code, result.output).toBe(0);
        expect(result.output).toMatch(/usage/i);
        return;
      }
      if (is(command, 'pnpm', '--filter', 'worker', 'build')) {
        const result = await run(command);
        expect(result.code, result.output).toBe(0);
        return;
      }
      if (is(command, 'pnpm', '--filter', 'worker')) {
        const result = await runUntilReady(command, /Worker ready/);
        expect(result.output).toMatch(/Worker ready/);
        return;
      }
      if (is(command, 'pnpm', '--filter', '@hn/fake-hn-api', 'start')) {
        const result = await runUntilReady(command, /"baseUrl":"http:\/\/[^"]+\/v0"/);
        expect(result.output).toMatch(/baseUrl/);
        return;
      }
      if (is(command, 'pnpm', '--filter', 'starter')) {
        const result = await run(command);
        expect(result.code, result.output).toBe(0);
        if (command.argv.includes('--json')) {
          const json = result.output.slice(result.output.search(/^[[{]/m));
          expect(() => JSON.parse(json) as unknown, json).not.toThrow();
        }
        return;
      }
      if (is(command, 'curl')) {
        // The fake API's control routes; $ORIGIN is the server's origin.
        const argv = command.argv.map((word) => word.replace('$ORIGIN', api.origin));
        const result = await run({ ...command, argv }, ['--fail', '--silent', '--show-error']);
        expect(result.code, result.output).toBe(0);
        return;
      }
      throw new Error(
        `${command.file}:${command.line}: no rule runs "${command.text}"; add one to this test`,
      );
    },
    180_000,
  );
});
