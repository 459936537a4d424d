// Faults of the destination itself: a full disk says so, names the file and is not retryable;
// a store that cannot be written is found at start-up (`assertWritable`), before any save.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createStore, type SqlStore, StorageError } from '../src/index';
import { SKIP_POSTGRES, useDatabases } from './databases';
import { makeItemRange } from './items-fixtures';

const isRoot = process.getuid?.() === 0;

/** A 1 MiB tmpfs, when this process may mount one (root on Linux); else undefined. */
function mountTinyTmpfs(): string | undefined {
  if (!isRoot || process.platform !== 'linux') return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hn-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Saves batches of 2,000 items until one fails, and returns that failure. */
async function fillUntilFailure(store: SqlStore): Promise<unknown> {
  for (let batch = 0; batch < 100; batch += 1) {
    try {
      await store.saveItems(makeItemRange(batch * 2000 + 1, batch * 2000 + 2000));
    } catch (error) {
      return error;
    }
  }
  throw new Error('100 batches fit: the database never filled up');
}

describe('a full disk under SQLite', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reports SQLITE_FULL when the file reaches max_page_count (no mount needed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hn-full-'));
    dirs.push(dir);
    const filename = join(dir, 'hn.db');
    const store = await createStore({ kind: 'sqlite', filename });
    try {
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(store.db);
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count + 20}`).execute(store.db);
      const error = await fillUntilFailure(store);
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ code: 'DISK_FULL', retryable: false });
      expect((error as Error).message).toContain(
        `disk full: the disk of the SQLite file ${filename}`,
      );
      expect((error as Error).message).toContain('SQLITE_FULL');
      expect((error as Error).cause).toMatchObject({ code: 'SQLITE_FULL' });
      // Nothing of the failed batch was written: whole batches only.
      expect((await store.countRows()).items % 2000).toBe(0);
    } finally {
      await store.close();
    }
  });

  // SQLite rolls the transaction back by itself when the file system is full; the ROLLBACK that
  // followed failed with "cannot rollback - no transaction is active" and hid the cause.
  it('keeps the disk-full error when SQLite rolled back by itself (a 1 MiB tmpfs; root only)', async (context) => {
    const mount = mountTinyTmpfs();
    if (mount === undefined) {
      context.skip('mounting a tmpfs needs root on Linux');
      return;
    }
    try {
      const filename = join(mount, 'hn.db');
      const store = await createStore({ kind: 'sqlite', filename });
      try {
        const error = await fillUntilFailure(store);
        expect(error).toMatchObject({ code: 'DISK_FULL', retryable: false });
        expect((error as Error).message).toContain(`the disk of the SQLite file ${filename}`);
        expect((error as Error).message).not.toContain('cannot rollback');
        // The store still works for reads once the batch has failed.
        expect((await store.countRows()).items % 2000).toBe(0);
      } finally {
        await store.close();
      }
    } finally {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });
});

describe('assertWritable on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-readonly-'));
  afterAll(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes on a writable file', async () => {
    const store = await createStore({ kind: 'sqlite', filename: join(dir, 'ok', 'hn.db') });
    await expect(store.assertWritable()).resolves.toBeUndefined();
    expect((await store.countRows()).items).toBe(0);
    await store.close();
  });

  // Root writes through any mode bits, so a read-only file is made by opening it read-only
  // instead; the mode-bit case runs for other users.
  it('fails on a read-only file, naming it, with what to do', async () => {
    const folder = join(dir, 'ro');
    mkdirSync(folder);
    const filename = join(folder, 'hn.db');
    await (await createStore({ kind: 'sqlite', filename })).close();
    chmodSync(filename, 0o444);
    chmodSync(folder, 0o555);
    try {
      const store = await createStore({ kind: 'sqlite', filename });
      try {
        if (isRoot) {
          // Mode bits do not stop root: make the connection itself read-only.
          await sql`pragma query_only = ON`.execute(store.db);
        }
        const error = await store.assertWritable().catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'NOT_WRITABLE', retryable: false });
        const message = (error as Error).message;
        expect(message).toContain(`The store SQLite ${filename} cannot be written`);
        expect(message).toContain('Make the file and its folder writable');
        if (!isRoot) expect(message).toContain(`the file ${filename} is not writable`);
      } finally {
        await store.close();
      }
    } finally {
      chmodSync(folder, 0o755);
      chmodSync(filename, 0o644);
    }
  });
});

describe.skipIf(SKIP_POSTGRES)('assertWritable on PostgreSQL', () => {
  const databases = useDatabases('postgres');
  let owner: SqlStore | undefined;
  afterEach(async () => {
    await owner?.close();
  });

  it('fails for a user that may read the tables but not write them', async () => {
    const config = await databases.newConfig();
    if (config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    owner = await createStore(config);
    await expect(owner.assertWritable()).resolves.toBeUndefined();
    const reader = `reader_${Date.now()}`;
    await sql.raw(`create role ${reader} login password 'secret'`).execute(owner.db);
    await sql.raw(`grant select on all tables in schema public to ${reader}`).execute(owner.db);
    await sql.raw(`grant usage on schema public to ${reader}`).execute(owner.db);
    const url = new URL(config.url);
    url.username = reader;
    url.password = 'secret';
    const store = await createStore({ kind: 'postgres', url: url.toString() }, { migrate: false });
    try {
      const error = await store.assertWritable().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_WRITABLE', retryable: false });
      expect((error as Error).message).toMatch(
        /cannot be written: the user lacks INSERT, UPDATE or DELETE on stories, runs, .*partition_checks/,
      );
      expect((error as Error).message).not.toContain('secret');
    } finally {
      await store.close();
    }
  });
});
