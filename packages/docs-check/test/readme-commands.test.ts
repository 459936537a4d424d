import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  OFFLINE_API_OPTIONS,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
} from '@hn/fake-hn-api';
import {
  resolveTemporalBinary,
  startDevServer,
  startProcess,
  type DevServer,
  type ManagedProcess,
} from '@hn/testing';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { extractCommands, findReadmes, type DocumentedCommand } from '../src/extract';

// Every command every README shows is run here, as written, against real parts: a dev server,
// the worker app as it ships (dist/main.js) and the fake Hacker News API. Only hosts that stand
// for the reader's own infrastructure (TEMPORAL_ADDRESS, HN_DESTINATION) point at this test's.
// A command no rule below knows fails the test, so a newly documented command must be run too.
// A few are proven another way, each said where: a command that would run a test suite inside
// this test (its script and what it runs are checked), and the deploy, which the worker's
// deploy test runs as written.
//
// The commands of one README run in order (its schedule commands build on each other), the
// READMEs side by side. Each README's `schedule` commands get a namespace of their own, so its
// sequence does not meet another README's; runs that need the worker (`start`, `ingest`) share
// the default namespace one at a time, and so do the commands that build.

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
          scripts?: Record<string, string>;
          dependencies?: Record<string, string>;
          peerDependencies?: Record<string, string>;
          devDependencies?: Record<string, string>;
        };
        return [pkg.name, { ...pkg, dir: join(readme, '..') }] as const;
      }),
  ),
);

/** At most this many documented commands run at the same time (the machine has 2 cores). */
const CONCURRENT_COMMANDS = 3;
/** A command that has not finished by then is killed, and fails. */
const COMMAND_TIMEOUT_MS = 150_000;

let server: DevServer;
let api: FakeHackerNewsApi;
let controlApi: FakeHackerNewsApi;
let worker: ManagedProcess;
let scheduleWorker: ManagedProcess;
let dataDir: string;
const workerDestination = () => `sqlite:${join(dataDir, 'worker.db')}`;

interface Context {
  expect: ExpectStatic;
}

/** How a documented command is proven: run (`run`) or checked by a rule (`rule`). */
interface Rule {
  kind: 'run' | 'rule';
  when(command: DocumentedCommand): boolean;
  /** Commands of the same group run one after the other; default: the command's README. */
  group?: string;
  check(command: DocumentedCommand, ctx: Context): Promise<void> | void;
}

const is = (command: DocumentedCommand, ...prefix: string[]) =>
  prefix.every((word, index) => command.argv[index] === word);
const isStarter = (command: DocumentedCommand, ...words: string[]) =>
  is(command, 'pnpm', '--filter', 'starter', ...words);

/** The namespace of the `schedule` commands: no worker polls it, so a triggered run only waits. */
const SCHEDULE_NAMESPACE = 'docs-schedules';

function env(command: DocumentedCommand, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const temporalCli = resolveTemporalBinary('cli').executable;
  return {
    ...process.env,
    ...command.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: isStarter(command, 'schedule') ? SCHEDULE_NAMESPACE : 'default',
    HN_API_URL: api.baseUrl,
    // The starter reads what the worker writes (`ingest status`); a worker of its own gets a file
    // of its own.
    HN_DESTINATION: is(command, 'pnpm', '--filter', 'worker')
      ? `sqlite:${join(dataDir, `readme-${command.line}.db`)}`
      : workerDestination(),
    HN_METRICS_ADDRESS: 'off',
    LOG_FORMAT: 'json',
    CI: 'true',
    // `temporal …` as written: the CLI @hn/testing provisions.
    PATH:
      temporalCli.type === 'existing-path'
        ? `${dirname(temporalCli.path)}:${process.env.PATH ?? ''}`
        : process.env.PATH,
    ...extra,
  };
}

async function run(
  command: DocumentedCommand,
  options: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
) {
  const [bin, ...args] = command.argv;
  const child = startProcess(bin!, [...args, ...(options.args ?? [])], {
    cwd: command.cwd ? resolve(root, command.cwd) : root,
    env: env(command, options.env),
    detached: true,
  });
  const timer = setTimeout(() => killGroup(child), COMMAND_TIMEOUT_MS);
  const code = await child.exited;
  clearTimeout(timer);
  return { code, output: child.output() };
}

/** Starts a long-running command, waits until it says it is ready, then stops it. */
async function runUntilReady(command: DocumentedCommand, ready: RegExp) {
  const [bin, ...args] = command.argv;
  const child = startProcess(bin!, args, { cwd: root, env: env(command), detached: true });
  try {
    await child.waitForOutput(ready, 120_000);
  } finally {
    killGroup(child);
  }
  return { code: await child.exited, output: child.output() };
}

// pnpm runs the command in a child of its own: signal the whole group.
function killGroup(child: ManagedProcess): void {
  if (child.child.pid && child.child.exitCode === null) process.kill(-child.child.pid, 'SIGTERM');
}

function readmePackage(command: DocumentedCommand) {
  return [...workspacePackages.values()].find(
    (pkg) => join(root, command.file) === join(pkg.dir, 'README.md'),
  );
}

/** The workspace package `pnpm --filter <name>` selects; fails when there is none. */
function filtered(command: DocumentedCommand, ctx: Context) {
  const pkg = workspacePackages.get(command.argv[2]!);
  ctx.expect(pkg, `${command.argv[2]} is a workspace package`).toBeDefined();
  return pkg!;
}

const read = (path: string) => readFileSync(join(root, path), 'utf8');
const rootScripts = () =>
  (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

/**
 * `pnpm test` runs `turbo run test`, which runs every workspace package's `test` script. A
 * package's tests therefore run in `pnpm test` exactly when its `test` script is `vitest run`
 * and turbo has a `test` task.
 */
function expectRunByWorkspaceTests(
  pkg: { name: string; scripts?: Record<string, string> },
  ctx: Context,
) {
  ctx.expect(rootScripts().test).toMatch(/^turbo run test\b/);
  const turbo = JSON.parse(read('turbo.json')) as { tasks: Record<string, unknown> };
  ctx.expect(Object.keys(turbo.tasks)).toContain('test');
  ctx.expect(pkg.scripts?.test, `${pkg.name}'s test script`).toBe('vitest run');
}

/** Test files vitest finds (vitest.shared.ts: `src/**\/*.test.ts` and `test/**\/*.test.ts`). */
function testFiles(dir: string): string[] {
  return ['src', 'test'].flatMap((sub) =>
    existsSync(join(dir, sub))
      ? readdirSync(join(dir, sub), { recursive: true, encoding: 'utf8' })
          .filter((name) => name.endsWith('.test.ts'))
          .map((name) => `${sub}/${name}`)
      : [],
  );
}

const ingestedRanges: string[] = [];

const rules: Rule[] = [
  {
    // Installing from a registry is the reader's step; what it names must exist to install.
    kind: 'rule',
    when: (command) => is(command, 'pnpm', 'add'),
    check(command, { expect }) {
      const pkg = readmePackage(command);
      for (const name of command.argv.slice(2)) {
        const workspace = workspacePackages.get(name);
        if (workspace) {
          expect(workspace.private, `${name} is published`).not.toBe(true);
        } else {
          const declared = {
            ...pkg?.dependencies,
            ...pkg?.peerDependencies,
            ...pkg?.devDependencies,
          };
          expect(Object.keys(declared), `${name} is used by the package`).toContain(name);
        }
      }
    },
  },
  {
    // The set-up and the whole test run are what .ci/run itself runs, as the README writes them;
    // `pnpm test` would run this test inside itself.
    kind: 'rule',
    when: (command) =>
      is(command, 'bash', 'scripts/setup.sh') ||
      (is(command, 'pnpm', 'test') && command.argv.length === 2),
    check(command, { expect }) {
      const ci = read('.ci/run');
      if (is(command, 'pnpm', 'test')) {
        // On the system's Node .ci/run runs exactly `pnpm test` after the set-up.
        expect(ci).toContain("local test_command='pnpm test'");
        expect(ci).toContain('bash scripts/setup.sh --postgres && $test_command');
        expect(rootScripts().test).toMatch(/^turbo run test\b/);
      } else {
        expect(ci).toContain('bash scripts/setup.sh');
      }
    },
  },
  {
    kind: 'run',
    when: (command) => is(command, 'pnpm', 'build') && command.argv.length === 2,
    group: 'build',
    async check(command, { expect }) {
      const result = await run(command);
      expect(result.code, result.output).toBe(0);
    },
  },
  {
    // The full runs are the main-job test and the benchmark; here their options are checked.
    kind: 'run',
    when: (command) => is(command, 'pnpm', 'start') || is(command, 'pnpm', 'bench'),
    group: 'build',
    async check(command, { expect }) {
      const result = await run(command, {
        args: command.argv.includes('--') ? ['--help'] : ['--', '--help'],
      });
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/usage/i);
    },
  },
  {
    // The deploy and the deployed worker are what apps/worker/test/deploy.test.ts runs, as
    // written but into a temporary folder: `pnpm --filter worker deploy --prod <dir>`, then
    // `node dist/main.js` in <dir> with TEMPORAL_ADDRESS set; `pnpm test` runs that test.
    kind: 'rule',
    when: (command) =>
      is(command, 'pnpm', '--filter', 'worker', 'deploy', '--prod') ||
      (is(command, 'node', 'dist/main.js') && command.cwd !== undefined),
    check(command, ctx) {
      const test = read('apps/worker/test/deploy.test.ts');
      if (command.argv[0] === 'pnpm') {
        ctx.expect(command.argv).toHaveLength(6);
        ctx
          .expect(test)
          .toContain("const args = ['--filter', 'worker', 'deploy', '--prod', deployed];");
      } else {
        const deploy = commands.find(
          (other) =>
            other.file === command.file && is(other, 'pnpm', '--filter', 'worker', 'deploy'),
        );
        ctx.expect(deploy?.argv[5], 'the folder the README deploys to').toBe(command.cwd);
        ctx
          .expect(test)
          .toMatch(/startProcess\(process\.execPath, \['dist\/main\.js'\], \{\s+cwd: deployed,/);
        for (const name of Object.keys(command.env)) ctx.expect(test).toContain(`${name}:`);
      }
      expectRunByWorkspaceTests(workspacePackages.get('worker')!, ctx);
      ctx.expect(testFiles(join(root, 'apps/worker'))).toContain('test/deploy.test.ts');
    },
  },
  {
    kind: 'run',
    when: (command) => is(command, 'pnpm', '--filter', 'worker', 'build'),
    group: 'build',
    async check(command, { expect }) {
      const result = await run(command);
      expect(result.code, result.output).toBe(0);
    },
  },
  {
    kind: 'run',
    when: (command) => is(command, 'pnpm', '--filter', 'worker') && command.argv[3] !== 'exec',
    group: 'build',
    async check(command, { expect }) {
      const result = await runUntilReady(command, /Worker ready/);
      expect(result.output).toMatch(/Worker ready/);
    },
  },
  {
    kind: 'run',
    when: (command) => is(command, 'pnpm', '--filter', '@hn/fake-hn-api', 'start'),
    async check(command, { expect }) {
      const result = await runUntilReady(command, /"baseUrl":"http:\/\/[^"]+\/v0"/);
      expect(result.output).toMatch(/baseUrl/);
    },
  },
  {
    // The READMEs' schedule commands, one after the other (`schedule delete` last, since the
    // others need the schedule), in a namespace of their own.
    kind: 'run',
    when: (command) => isStarter(command, 'schedule'),
    group: 'schedules',
    async check(command, { expect }) {
      const result = await run(command);
      expect(result.code, result.output).toBe(0);
      expectJsonIfAsked(command, result.output, expect);
    },
  },
  {
    // `ingest check` re-runs the checks of what the documented ingests stored: every partition's
    // own checks pass (the store is stale, being of 2025, which does not fail the command).
    kind: 'run',
    when: (command) => isStarter(command, 'ingest', 'check'),
    group: 'runs',
    async check(command, { expect }) {
      const result = await run(command);
      expect(result.code, result.output).toBe(0);
      if (command.argv.includes('--json')) {
        const rows = expectJsonIfAsked(command, result.output, expect) as Array<{
          check: string;
          status: string;
        }>;
        expect(rows.length).toBeGreaterThan(0);
        const failing = rows.filter((row) => row.status === 'fail' && row.check !== 'freshness');
        expect(failing).toEqual([]);
      } else {
        expect(result.output).toMatch(/\d+ checks of \d+ partitions?: /);
      }
    },
  },
  {
    // `ingest status` lists what the `ingest` commands before it stored in the worker's
    // destination.
    kind: 'run',
    when: (command) => isStarter(command, 'ingest', 'status'),
    group: 'runs',
    async check(command, { expect }) {
      const result = await run(command);
      expect(result.code, result.output).toBe(0);
      expect(ingestedRanges.length, 'ingest commands documented before').toBeGreaterThan(0);
      if (command.argv.includes('--json')) {
        const rows = expectJsonIfAsked(command, result.output, expect) as Array<{
          kind: string;
          fromId: number;
          toId: number;
          status: string;
        }>;
        // The documented backfills write to the same destination, in whatever order the
        // groups run: the ranges the README's `ingest --ids` commands stored are all there.
        const listed = rows.map((row) => `${row.kind} ${row.fromId}..${row.toId} ${row.status}`);
        expect(listed).toEqual(
          expect.arrayContaining(ingestedRanges.map((range) => `partition ${range} completed`)),
        );
      } else {
        for (const range of ingestedRanges) expect(result.output).toContain(range);
      }
    },
  },
  {
    kind: 'run',
    when: (command) => isStarter(command, 'start') || isStarter(command, 'ingest'),
    group: 'runs',
    async check(command, { expect }) {
      const result = await run(command);
      expect(result.code, result.output).toBe(0);
      expectJsonIfAsked(command, result.output, expect);
      const ids = command.argv[command.argv.indexOf('--ids') + 1];
      if (isStarter(command, 'ingest') && command.argv.includes('--ids')) ingestedRanges.push(ids!);
    },
  },
  {
    // A package's whole suite (`pnpm --filter <pkg> test`) would run tests inside this test:
    // `pnpm test` runs it (see expectRunByWorkspaceTests); here the package must have tests.
    kind: 'rule',
    when: (command) => is(command, 'pnpm', '--filter') && command.argv[3] === 'test',
    check(command, ctx) {
      ctx.expect(command.argv).toHaveLength(4);
      const pkg = filtered(command, ctx);
      expectRunByWorkspaceTests(pkg, ctx);
      ctx.expect(testFiles(pkg.dir).length, `${pkg.name}'s test files`).toBeGreaterThan(0);
    },
  },
  {
    // One test file of a package (`pnpm --filter <pkg> exec vitest run <file>`): it exists, vitest
    // finds it, and `pnpm test` runs it with the rest of the package's tests.
    kind: 'rule',
    when: (command) =>
      is(command, 'pnpm', '--filter') && command.argv.slice(3, 6).join(' ') === 'exec vitest run',
    check(command, ctx) {
      const pkg = filtered(command, ctx);
      ctx.expect(Object.keys(pkg.devDependencies ?? {})).toContain('vitest');
      const files = command.argv.slice(6);
      ctx.expect(files.length).toBeGreaterThan(0);
      for (const file of files) ctx.expect(testFiles(pkg.dir)).toContain(file);
      expectRunByWorkspaceTests(pkg, ctx);
    },
  },
  {
    // The dashboard over the worker's destination (read-only), on a free port instead of its
    // default; it is ready when it prints its URL, which then serves the page.
    kind: 'run',
    when: (command) => is(command, 'pnpm', '--filter', 'dashboard', 'start'),
    group: 'build',
    async check(command, { expect }) {
      const argv = [...command.argv, ...(command.argv.includes('--') ? [] : ['--']), '--port', '0'];
      const [bin, ...args] = argv;
      const child = startProcess(bin!, args, { cwd: root, env: env(command), detached: true });
      try {
        await child.waitForOutput(/Dashboard: http:\/\/\S+\//, 120_000);
        const url = /Dashboard: (http:\/\/\S+\/)/.exec(child.output())![1]!;
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
        const health = await fetch(new URL('/api/health', url));
        expect(health.status, await health.text()).toBe(200);
      } finally {
        killGroup(child);
      }
      await child.exited;
    },
  },
  {
    // The screenshot script, run for real (a dev server, the fake API, a backfill, Chromium),
    // into a temporary file instead of the committed docs/dashboard.png.
    kind: 'run',
    when: (command) => is(command, 'pnpm', '--filter', 'dashboard', 'screenshot'),
    group: 'build',
    async check(command, { expect }) {
      const out = join(dataDir, 'dashboard.png');
      const result = await run(command, { env: { HN_SCREENSHOT_OUT: out } });
      expect(result.code, result.output).toBe(0);
      expect(readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
    },
  },
  {
    // A benchmark, run for real on a small data set (the figures in the README use the default).
    kind: 'run',
    when: (command) =>
      is(command, 'pnpm', '--filter', '@hn/storage', 'bench') && command.argv.length === 4,
    async check(command, { expect }) {
      const result = await run(command, { env: { BENCH_ITEMS: '2000', BENCH_BATCH: '500' } });
      expect(result.code, result.output).toBe(0);
      const lines = result.output.match(/^(sqlite|postgres) +(insert|update): 2000 items/gm);
      expect(lines).toHaveLength(process.env.HN_SKIP_POSTGRES === '1' ? 2 : 4);
    },
  },
  {
    // Temporal's CLI against the dev server, with the pipeline's search attributes registered:
    // a query naming an unknown attribute, or malformed, exits non-zero.
    kind: 'run',
    when: (command) => is(command, 'temporal', 'workflow', 'list'),
    async check(command, { expect }) {
      const result = await run(command);
      expect(result.code, result.output).toBe(0);
    },
  },
  {
    // The fake API's control routes; $ORIGIN is the origin of a server of their own, so the
    // faults they inject (`failNextRequests`) reach no other command running beside them.
    kind: 'run',
    when: (command) => is(command, 'curl'),
    async check(command, { expect }) {
      const argv = command.argv.map((word) => word.replace('$ORIGIN', controlApi.origin));
      const result = await run(
        { ...command, argv },
        { args: ['--fail', '--silent', '--show-error'] },
      );
      expect(result.code, result.output).toBe(0);
    },
  },
];

function expectJsonIfAsked(
  command: DocumentedCommand,
  output: string,
  expect: ExpectStatic,
): unknown {
  if (!command.argv.includes('--json')) return undefined;
  const json = output.slice(output.search(/^[[{]/m));
  let parsed: unknown;
  expect(() => (parsed = JSON.parse(json) as unknown), json).not.toThrow();
  return parsed;
}

interface Plan {
  command: DocumentedCommand;
  rule: Rule | undefined;
  /** The same command (words, environment, folder) shown earlier, which runs in its place. */
  sameAs: Plan | undefined;
  /** What it waits for: the command before it in its group. */
  after: Promise<unknown>;
  /** Settles once the command has been proven, true if it passed. */
  outcome: Promise<boolean>;
  execute(ctx: Context): Promise<void>;
}

// Each command waits for the one before it in its group, then for one of the free slots. A
// command shown again, identical, is proven by its first showing.
const plans: Plan[] = (() => {
  const tails = new Map<string, Promise<unknown>>();
  const first = new Map<string, Plan>();
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    while (running >= CONCURRENT_COMMANDS) await new Promise<void>((wake) => waiting.push(wake));
    running++;
    return () => {
      running--;
      waiting.shift()?.();
    };
  };
  const created = commands.map((command): Plan => {
    const key = JSON.stringify([command.argv, command.env, command.cwd]);
    const sameAs = first.get(key);
    const rule = rules.find((candidate) => candidate.when(command));
    let settle!: (passed: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    const plan: Plan = {
      command,
      rule,
      sameAs,
      after: Promise.resolve(),
      outcome,
      async execute(ctx) {
        let passed = false;
        try {
          if (sameAs) {
            ctx
              .expect(
                await sameAs.outcome,
                `the same command at ${sameAs.command.file}:${sameAs.command.line}`,
              )
              .toBe(true);
          } else {
            await plan.after;
            if (!rule) {
              throw new Error(
                `${command.file}:${command.line}: no rule runs "${command.text}"; add one to this test`,
              );
            }
            const release = await slot();
            try {
              await rule.check(command, ctx);
            } finally {
              release();
            }
          }
          passed = true;
        } finally {
          settle(passed);
        }
      },
    };
    if (!sameAs) first.set(key, plan);
    return plan;
  });
  const deletesLast = [...created].sort(
    (a, b) =>
      Number(isStarter(a.command, 'schedule', 'delete')) -
      Number(isStarter(b.command, 'schedule', 'delete')),
  );
  for (const plan of deletesLast) {
    if (plan.sameAs) continue;
    const group = plan.rule?.group ?? plan.command.file;
    plan.after = tails.get(group) ?? Promise.resolve();
    tails.set(group, plan.outcome);
  }
  return created;
})();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hn-readme-'));
  [server, api, controlApi] = await Promise.all([
    startDevServer({ extraNamespaces: [SCHEDULE_NAMESPACE] }),
    // The API `pnpm start` serves offline: the README's `ingest --last` finds items.
    startFakeHackerNewsApi(OFFLINE_API_OPTIONS),
    startFakeHackerNewsApi(),
  ]);
  worker = startProcess(process.execPath, ['apps/worker/dist/main.js'], {
    cwd: root,
    env: { ...env({ file: '', line: 0, env: {}, argv: [], text: '' }) },
  });
  // The schedule commands' namespace has a worker too: `schedule backfill --parallelism` runs a
  // workflow there. Its own destination keeps `ingest status` to what the default one stored.
  scheduleWorker = startProcess(process.execPath, ['apps/worker/dist/main.js'], {
    cwd: root,
    env: {
      ...env({ file: '', line: 0, env: {}, argv: [], text: '' }),
      TEMPORAL_NAMESPACE: SCHEDULE_NAMESPACE,
      HN_DESTINATION: `sqlite:${join(dataDir, 'schedules.db')}`,
    },
  });
  await Promise.all([
    worker.waitForOutput(/Worker ready/, 90_000),
    scheduleWorker.waitForOutput(/Worker ready/, 90_000),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([worker?.stop(), scheduleWorker?.stop()]);
  await Promise.all([server?.stop(), api?.close(), controlApi?.close()]);
  const runs = plans.filter((plan) => !plan.sameAs && plan.rule?.kind === 'run').length;
  const rules = plans.filter((plan) => !plan.sameAs && plan.rule?.kind === 'rule').length;
  const repeats = plans.filter((plan) => plan.sameAs).length;
  console.info(
    `${plans.length} documented commands: ${runs} run, ${rules} checked by a rule, ${repeats} shown again (proven by their first showing)`,
  );
});

describe('every command in every README', () => {
  it('finds the documented commands', () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(commands.map((command) => command.text)).toContain(
      'pnpm --filter starter start -- --limit 100 --json',
    );
  });

  it('runs after the tests of every other package, since its commands rebuild what they run', () => {
    // `pnpm build` and the worker's `start` rewrite the dist/ folders that the worker's tests
    // start processes from; turbo runs this package's tests once those have finished.
    const turbo = JSON.parse(read('turbo.json')) as {
      tasks: Record<string, { dependsOn?: string[] }>;
    };
    const others = ['packages', 'apps']
      .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name)))
      .filter((dir) => existsSync(join(dir, 'package.json')))
      .map(
        (dir) =>
          JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
            name: string;
            scripts?: Record<string, string>;
          },
      )
      .filter((pkg) => pkg.name !== '@hn/docs-check' && pkg.scripts?.test !== undefined)
      .map((pkg) => `${pkg.name}#test`);
    expect(others.length).toBeGreaterThan(5);
    expect(turbo.tasks['@hn/docs-check#test']?.dependsOn).toEqual(expect.arrayContaining(others));
  });

  it.concurrent.for(
    plans.map((plan) => ({
      name: `${plan.command.file}:${plan.command.line} ${plan.command.text}`,
      plan,
    })),
  )(
    '$name',
    // Counted from the start of the whole run: a command first waits for those before it.
    { timeout: 15 * 60_000 },
    async ({ plan }, { expect }) => {
      await plan.execute({ expect });
    },
  );
});
