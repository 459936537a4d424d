// The worker cut out of the workspace as a container image build would:
// `pnpm --filter worker deploy --prod <dir>`, then `node dist/main.js` in that folder alone.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { createLocalEnv, startProcess, type ManagedProcess } from '@hn/testing';
import { HackerNewsWorkflow, TASK_QUEUE, type HackerNewsReport } from '@hn/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let deployed: string;

beforeAll(async () => {
  deployed = join(mkdtempSync(join(tmpdir(), 'hn-deploy-')), 'worker');
  const started = performance.now();
  [env, api] = await Promise.all([
    createLocalEnv(),
    startFakeHackerNewsApi({ seed: 1 }),
    promisify(execFile)('pnpm', ['--filter', 'worker', 'deploy', '--prod', deployed], {
      cwd: ROOT,
    }).then(() => {
      console.info(
        `pnpm --filter worker deploy --prod: ${Math.round(performance.now() - started)} ms`,
      );
      useNativeModuleForThisNode(deployed);
    }),
  ]);
});

/**
 * pnpm deploys better-sqlite3 as its store built it: for the Node that installed the workspace.
 * An image for another Node runs `pnpm rebuild better-sqlite3` in the folder; on the other Nodes
 * the tests run on, the module scripts/setup-node.sh built for this Node's ABI stands in for that
 * rebuild (the same file scripts/with-node.sh puts into the workspace).
 */
function useNativeModuleForThisNode(folder: string): void {
  const store = join(folder, 'node_modules/.pnpm');
  for (const dir of readdirSync(store).filter((name) => name.startsWith('better-sqlite3@'))) {
    const version = dir.slice('better-sqlite3@'.length);
    const abi = `node-v${process.versions.modules}-${process.platform}-${process.arch}`;
    const built = join(ROOT, '.node/better-sqlite3', version, abi, 'better_sqlite3.node');
    if (!existsSync(built)) continue;
    // Replaced by a rename, never written in place: the deployed file is hard-linked with the store.
    const target = join(
      store,
      dir,
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    );
    copyFileSync(built, `${target}.tmp`);
    renameSync(`${target}.tmp`, target);
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
    try {
      await worker.waitForOutput(/"Worker ready"/);
      expect(worker.output()).toMatch(
        /"workflows":"prebuilt bundle","destination":"sqlite:\.data\/hn-pipeline\.db"/,
      );
      const report = (await env.client.workflow.execute(HackerNewsWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: 'deployed-worker',
        args: [{ limit: 5, output: 'report' }],
      })) as HackerNewsReport;
      expect(report).toMatchObject({ stored: true, skipped: [] });
      expect(report.stories).toHaveLength(5);
    } finally {
      expect(await worker.stop('SIGTERM', 30_000)).toBe(0);
    }
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
