// The worker cut out of the workspace as a container image build would:
// `pnpm --filter worker deploy --prod <dir>`, then `node dist/main.js` in that folder alone.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { createLocalEnv, startProcess, type ManagedProcess } from '@hn/testing';
import { TASK_QUEUE } from '@hn/contract';
import { HackerNewsWorkflow, type HackerNewsReport } from '@hn/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let deployed: string;

/**
 * Set by scripts/with-node.sh when it runs the tests on a Node other than the one that installed
 * the workspace: the folder of better-sqlite3 modules built for each Node's ABI.
 */
const PREBUILT_MODULES = process.env.HN_PREBUILT_NATIVE_MODULES;

beforeAll(async () => {
  deployed = join(mkdtempSync(join(tmpdir(), 'hn-deploy-')), 'worker');
  // On another Node pnpm would build better-sqlite3 from source inside the deploy (minutes on
  // 2 cores, against whichever Node headers node-gyp finds); an image for that Node rebuilds it
  // the same way. These tests skip the install scripts and take the module setup-node built.
  const args = ['--filter', 'worker', 'deploy', '--prod', deployed];
  if (PREBUILT_MODULES) args.push('--ignore-scripts');
  const started = performance.now();
  // Each part is kept as soon as it is up, so afterAll stops it even when another fails.
  await Promise.all([
    createLocalEnv().then((local) => (env = local)),
    startFakeHackerNewsApi({ seed: 1 }).then((fake) => (api = fake)),
    promisify(execFile)('pnpm', args, { cwd: ROOT }).then(() => {
      console.info(`pnpm ${args.join(' ')}: ${Math.round(performance.now() - started)} ms`);
      if (PREBUILT_MODULES) installPrebuiltModule(deployed, PREBUILT_MODULES);
    }),
  ]);
});

/** Puts the better-sqlite3 module built for this Node's ABI into the deployed folder. */
function installPrebuiltModule(folder: string, modules: string): void {
  const store = join(folder, 'node_modules/.pnpm');
  const abi = `node-v${process.versions.modules}-${process.platform}-${process.arch}`;
  for (const dir of readdirSync(store).filter((name) => name.startsWith('better-sqlite3@'))) {
    const built = join(modules, dir.slice('better-sqlite3@'.length), abi, 'better_sqlite3.node');
    if (!existsSync(built))
      throw new Error(`${built}: no such file. Run bash scripts/setup-node.sh`);
    const release = join(store, dir, 'node_modules/better-sqlite3/build/Release');
    mkdirSync(release, { recursive: true });
    copyFileSync(built, join(release, 'better_sqlite3.node'));
  }
}

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  if (deployed) rmSync(join(deployed, '..'), { recursive: true, force: true });
});

/** `node dist/main.js` in the deployed folder, with nothing from the workspace in its environment. */
function startDeployed(extra: Record<string, string>): ManagedProcess {
  return startProcess(process.execPath, ['dist/main.js'], {
    cwd: deployed,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: env.address,
      HN_API_URL: api.baseUrl,
      HN_METRICS_ADDRESS: 'off',
      LOG_FORMAT: 'json',
      ...extra,
    },
  });
}

describe('pnpm --filter worker deploy --prod', () => {
  it('keeps every workspace package a symlink in development (no injected copies)', () => {
    // injectWorkspacePackages (needed by deploy) copies a package into a project whose peers
    // resolve differently from the package's own; a copy goes stale when its sources change.
    const lockfile = readFileSync(join(ROOT, 'pnpm-lock.yaml'), 'utf8');
    const importers = lockfile.slice(
      lockfile.indexOf('\nimporters:'),
      lockfile.indexOf('\npackages:'),
    );
    expect(importers.match(/^ +version: file:.*$/gm) ?? []).toEqual([]);
  });

  it('gives a self-contained folder: the built app and its libraries, no sources, no links out', () => {
    expect(existsSync(join(deployed, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(deployed, 'dist/workflow-bundle.js'))).toBe(true);
    expect(existsSync(join(deployed, 'src'))).toBe(false);
    for (const name of ['@hn/runtime', '@hn/activities', '@hn/storage', 'better-sqlite3', 'pg']) {
      expect(realpathSync(join(deployed, 'node_modules', name))).toContain(realpathSync(deployed));
    }
    expect(existsSync(join(deployed, 'node_modules/@hn/runtime/dist/index.js'))).toBe(true);
    expect(existsSync(join(deployed, 'node_modules/tsx'))).toBe(false);
  });

  it('runs a pipeline with the default SQLite destination', async () => {
    const worker = startDeployed({});
    let code: number | undefined;
    try {
      await worker.waitForOutput(/"Worker ready"/);
      // Outside a workspace the default file is the deployed folder's own .data.
      const destination = `sqlite:${join(realpathSync(deployed), '.data/hn-pipeline.db')}`;
      expect(worker.output()).toContain(
        `"workflows":"prebuilt bundle","destination":${JSON.stringify(destination)}`,
      );
      const report = (await env.client.workflow.execute(HackerNewsWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: 'deployed-worker',
        args: [{ limit: 5, output: 'report' }],
      })) as HackerNewsReport;
      expect(report).toMatchObject({ stored: true, skipped: [] });
      expect(report.stories).toHaveLength(5);
    } finally {
      // Stopped whatever happened; a failure above stays the one reported.
      code = await worker.stop('SIGTERM', 30_000);
    }
    expect(code, `the deployed worker's exit code; its output:\n${worker.output()}`).toBe(0);
    const store = await createStore({
      kind: 'sqlite',
      filename: join(deployed, '.data/hn-pipeline.db'),
    });
    try {
      expect(await store.countRows()).toMatchObject({ stories: 5, runs: 1, run_stories: 5 });
    } finally {
      await store.close();
    }
  });

  it('says what to install when HN_DESTINATION is PostgreSQL and pg is missing', async () => {
    // An image trimmed of the PostgreSQL driver.
    const store = join(deployed, 'node_modules/.pnpm');
    for (const dir of readdirSync(store).filter((name) => name.startsWith('pg@'))) {
      rmSync(join(store, dir), { recursive: true });
    }
    const worker = startDeployed({ HN_DESTINATION: 'postgres://hn:pa55word@127.0.0.1:1/hn' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(
      'The PostgreSQL driver "pg" is not installed. Add it to the application that creates the store (for example `pnpm add pg`).',
    );
    expect(worker.output()).not.toContain('pa55word');
  });

  it('refuses to start without its prebuilt workflow bundle, saying how to get one', async () => {
    rmSync(join(deployed, 'dist/workflow-bundle.js'));
    const worker = startDeployed({});
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(
      `The prebuilt workflow bundle ${join(realpathSync(deployed), 'dist/workflow-bundle.js')}: no such file. Build it with 'pnpm --filter worker build', or set HN_WORKFLOW_BUNDLE=off`,
    );
  });
});
