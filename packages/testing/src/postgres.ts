import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import pg from 'pg';

const run = promisify(execFile);

/** A PostgreSQL server for tests (`@hn/testing/postgres`): a throwaway local cluster, or the one in HN_TEST_POSTGRES_URL. */
export interface TestPostgres {
  /** URL of the server's maintenance database. */
  readonly url: string;
  /** The password in `url`, when the server checks passwords (a throwaway cluster does). */
  readonly password: string | undefined;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Drops the databases it created; a throwaway cluster is stopped and deleted. */
  stop(): Promise<void>;
}

const PASSWORD = 'p@ss word/secret';
const SETUP_HELP =
  'PostgreSQL tests need a real server. Either install Debian\'s "postgresql" package ' +
  '(apt-get install -y postgresql) so that initdb and pg_ctl exist under ' +
  '/usr/lib/postgresql/<version>/bin, or set HN_TEST_POSTGRES_URL to a server URL whose user may ' +
  'create databases. To skip these tests knowingly, set HN_SKIP_POSTGRES=1.';

/**
 * Starts the server the tests use: HN_TEST_POSTGRES_URL when set, otherwise a new cluster on
 * 127.0.0.1 and a free port, in a temporary directory. Throws with setup instructions when
 * neither is possible.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.HN_TEST_POSTGRES_URL;
  if (external) {
    const server = withDatabases(external, undefined, () => Promise.resolve());
    try {
      await server.check();
    } catch (error) {
      throw new Error(
        `Cannot use the server in HN_TEST_POSTGRES_URL: ${describe(error)}. ${SETUP_HELP}`,
        { cause: error },
      );
    }
    return server;
  }
  return startCluster();
}

/** The highest installed PostgreSQL version's bin directory, if any. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

async function startCluster(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(`No PostgreSQL installation found. ${SETUP_HELP}`);

  // PostgreSQL refuses to run as root: run its tools as the "postgres" user the package creates.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : undefined;
  const command = (tool: string, args: string[]) =>
    owner
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args])
      : run(join(bin, tool), args);

  const dir = await mkdtemp(join(tmpdir(), 'hn-storage-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const pwfile = join(dir, 'pwfile');
  await writeFile(pwfile, `${PASSWORD}\n`);
  await chmod(dir, 0o700);
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    await chown(pwfile, owner.uid, owner.gid);
  }
  const cleanup = () => rm(dir, { recursive: true, force: true });

  try {
    await command('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
      '--no-instructions',
    ]);
  } catch (error) {
    await cleanup();
    throw new Error(`initdb failed: ${describe(error)}`, { cause: error });
  }

  const port = await freePort();
  // Durability settings off: the cluster lives for one test file.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  try {
    await command('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start']);
  } catch (error) {
    const serverLog = await readFile(log, 'utf8').catch(() => '');
    await cleanup();
    throw new Error(`pg_ctl start failed: ${describe(error)}\n${serverLog}`, { cause: error });
  }

  const url = `postgres://postgres:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/postgres`;
  return withDatabases(url, PASSWORD, async () => {
    await command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await cleanup();
  });
}

function withDatabases(
  url: string,
  password: string | undefined,
  shutdown: () => Promise<void>,
): TestPostgres & { check(): Promise<void> } {
  const created: string[] = [];
  const admin = async <T>(action: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await action(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    password,
    async check() {
      await admin((client) => client.query('select 1'));
    },
    async createDatabase() {
      const name = `hn_storage_test_${process.pid}_${created.length}_${Date.now().toString(36)}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return target.toString();
    },
    async stop() {
      await admin(async (client) => {
        for (const name of created)
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }).catch(() => undefined);
      await shutdown();
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid };
  } catch (error) {
    throw new Error(
      `Running as root, but there is no "postgres" user to run PostgreSQL as. ${SETUP_HELP}`,
      { cause: error },
    );
  }
}

function describe(error: unknown): string {
  const { message, stderr } = error as { message?: string; stderr?: string };
  return [message, stderr].filter(Boolean).join('\n');
}
