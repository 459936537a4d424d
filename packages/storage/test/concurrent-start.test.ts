import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, MIGRATION_TABLE, MIGRATIONS, type StoreConfig } from '../src/index';
import { SKIP_POSTGRES, STORE_KINDS, useDatabases } from './databases';

const PROCESSES = 6;
const ROUNDS = 10;
const packageDir = fileURLToPath(new URL('..', import.meta.url));

interface Answer {
  ok: boolean;
  code?: string;
  message?: string;
}

/** A process running create-store-child.ts, answering one JSON line per config it is sent. */
interface Worker {
  process: ChildProcessWithoutNullStreams;
  stderr: string[];
  next(): Promise<string>;
}

function startWorker(): Worker {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'test/create-store-child.ts'],
    { cwd: packageDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const lines: AsyncIterator<string> = createInterface({ input: child.stdout })[
    Symbol.asyncIterator
  ]();
  return {
    process: child,
    stderr,
    async next() {
      const line = await lines.next();
      if (line.done === true) throw new Error(`The worker exited: ${stderr.join('')}`);
      return line.value;
    },
  };
}

for (const kind of STORE_KINDS) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`concurrent first start on ${kind}`, () => {
    const databases = useDatabases(kind);
    let workers: Worker[] = [];

    beforeAll(async () => {
      workers = Array.from({ length: PROCESSES }, startWorker);
      // Each process has loaded the store and its driver before the first round starts.
      for (const worker of workers) expect(await worker.next()).toBe('ready');
    });
    afterAll(() => {
      for (const worker of workers) {
        worker.process.stdin.end();
        if (worker.process.exitCode === null) worker.process.kill();
      }
    });

    it(`${PROCESSES} processes creating the store on a new database at once all succeed, and each migration runs once`, async () => {
      for (let round = 1; round <= ROUNDS; round += 1) {
        const config: StoreConfig = await databases.newConfig();
        // Every process is idle, waiting on stdin: one write each starts them together.
        const line = `${JSON.stringify(config)}\n`;
        for (const worker of workers) worker.process.stdin.write(line);
        const answers = await Promise.all(
          workers.map(async (worker) => JSON.parse(await worker.next()) as Answer),
        );
        expect({ round, failures: answers.filter((answer) => !answer.ok) }).toEqual({
          round,
          failures: [],
        });

        const store = await createStore(config, { migrate: false });
        try {
          const { rows } = await sql<{
            name: string;
            applied: number | string;
          }>`select name, count(*) as applied from ${sql.table(MIGRATION_TABLE)}
             group by name order by name`.execute(store.db);
          expect(rows.map((row) => [row.name, Number(row.applied)])).toEqual(
            Object.keys(MIGRATIONS).map((name) => [name, 1]),
          );
          expect(Object.values(await store.countRows()).every((count) => count === 0)).toBe(true);
        } finally {
          await store.close();
        }
      }
    }, 300_000);
  });
}
