import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type StartFakeHackerNewsApiOptions,
} from '@hn/fake-hn-api';
import { startDevServer, type DevServer, type ManagedProcess } from '@hn/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startWorker } from './worker-process';

export interface WorkerHarnessOptions {
  /** The fake Hacker News API the workers fetch from. */
  api: StartFakeHackerNewsApiOptions;
  /**
   * Keeps the dev server's history in a SQLite file in a new temporary folder with this prefix
   * (the visibility list and Schedules then read it as a deployed server would); in memory when
   * unset.
   */
  devServerFolder?: string;
  /**
   * Stops every worker after each test with this signal and resets the fake API's faults and
   * counts, so each test starts clean; unset, workers run until the file's last test.
   */
  stopAfterEach?: 'SIGTERM' | 'SIGKILL';
}

export interface WorkerHarness {
  readonly server: DevServer;
  readonly api: FakeHackerNewsApi;
  readonly client: Client;
  /**
   * Starts the worker app as a process on the dev server, fetching from the fake API and storing
   * into the SQLite file `database`, with `env` on top; resolves once it logs "Worker ready".
   */
  worker(database: string, env?: Record<string, string>): Promise<ManagedProcess>;
}

/**
 * The Temporal dev server, the fake Hacker News API and a client, started before a test file's
 * tests and stopped after them, with the worker processes the tests start.
 */
export function useWorkerHarness(options: WorkerHarnessOptions): WorkerHarness {
  let server: DevServer | undefined;
  let api: FakeHackerNewsApi | undefined;
  let connection: Connection | undefined;
  let client: Client | undefined;
  const workers: ManagedProcess[] = [];

  beforeAll(async () => {
    const dbFilename =
      options.devServerFolder === undefined
        ? undefined
        : join(mkdtempSync(join(tmpdir(), options.devServerFolder)), 'temporal.db');
    // Each part is kept as soon as it is up, so afterAll stops it even when another fails.
    await Promise.all([
      startDevServer(dbFilename === undefined ? {} : { dbFilename }).then((s) => (server = s)),
      startFakeHackerNewsApi(options.api).then((a) => (api = a)),
    ]);
    connection = await Connection.connect({ address: server!.address });
    client = new Client({ connection });
  });
  const { stopAfterEach } = options;
  if (stopAfterEach !== undefined) {
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.stop(stopAfterEach)));
      api?.resetFaults();
      api?.resetStats();
    });
  }
  afterAll(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
    await connection?.close();
    await api?.close();
    await server?.stop();
  });

  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`The ${name} is not started: use it inside a test.`);
    return part;
  };
  return {
    get server() {
      return started(server, 'dev server');
    },
    get api() {
      return started(api, 'fake Hacker News API');
    },
    get client() {
      return started(client, 'Temporal client');
    },
    async worker(database, env = {}) {
      const process = startWorker({
        TEMPORAL_ADDRESS: started(server, 'dev server').address,
        HN_API_URL: started(api, 'fake Hacker News API').baseUrl,
        HN_DESTINATION: `sqlite:${database}`,
        ...env,
      });
      workers.push(process);
      await process.waitForOutput(/"Worker ready"/);
      return process;
    },
  };
}
