import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord, Story } from '@hn/contract';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createStore,
  MIGRATION_TABLE,
  MIGRATIONS,
  type SqlStore,
  type StoreConfig,
  StorageError,
  TABLE_NAMES,
} from '../src/index';
import { makeRun, makeStory } from './fixtures';
import { startTestPostgres, type TestPostgres } from './postgres';

const SKIP_POSTGRES = process.env.HN_SKIP_POSTGRES === '1';
const EMPTY = {
  stories: 0,
  runs: 0,
  run_stories: 0,
  run_skipped: 0,
  word_counts: 0,
  items: 0,
  ingest_partitions: 0,
  follow_cursors: 0,
};

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`store on ${kind}`, () => {
    let server: TestPostgres | Error | undefined;
    let dir: string;
    let config: StoreConfig;
    let store: SqlStore;

    const postgres = () => server as TestPostgres;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'hn-storage-test-'));
      // A missing server fails every PostgreSQL test, so the count of failures shows it.
      if (kind === 'postgres')
        server = await startTestPostgres().catch((error: unknown) => error as Error);
    });
    afterAll(async () => {
      if (server !== undefined && !(server instanceof Error)) await server.stop();
      await rm(dir, { recursive: true, force: true });
    });

    beforeEach(async (context) => {
      if (server instanceof Error) throw server;
      config =
        kind === 'sqlite'
          ? { kind, filename: join(dir, `${context.task.id}`, 'hn.db') }
          : { kind, url: await postgres().createDatabase() };
      store = await createStore(config);
    });
    afterEach(async () => {
      await store?.close();
    });

    it('migrates to the full schema, and migrating again changes nothing', async () => {
      expect(await store.countRows()).toEqual(EMPTY);
      await store.migrate();
      const reopened = await createStore(config);
      await reopened.close();
      const applied = await sql<{
        name: string;
      }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(store.db);
      expect(applied.rows.map((row) => row.name).sort()).toEqual(Object.keys(MIGRATIONS).sort());
      expect(Object.keys(await store.countRows())).toEqual([...TABLE_NAMES]);
    });

    it('saves every part of a run and reads it back', async () => {
      const run = makeRun();
      expect(await store.saveRun(run)).toEqual({ storiesWritten: 3, runCreated: true });
      expect(await store.countRows()).toEqual({
        stories: 3,
        runs: 1,
        run_stories: 3,
        run_skipped: 1,
        word_counts: 2,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
      expect(await store.latestRun()).toEqual({
        runId: 'run-1',
        workflowId: 'hn-top',
        list: 'top',
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        storyCount: 3,
        skippedCount: 1,
      });
      const stories = await store.storiesOfRun('run-1');
      expect(stories.map(({ id, rank }) => [id, rank])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(stories[0]).toEqual({
        ...makeStory(1),
        rank: 1,
        firstSeenAt: run.finishedAt,
        lastSeenAt: run.finishedAt,
      });
      const words = await store.db.selectFrom('word_counts').selectAll().orderBy('rank').execute();
      expect(words).toEqual([
        { run_id: 'run-1', word: 'rust', count: 2, rank: 1 },
        { run_id: 'run-1', word: 'postgres', count: 1, rank: 2 },
      ]);
      const skipped = await store.db.selectFrom('run_skipped').selectAll().execute();
      expect(skipped).toEqual([{ run_id: 'run-1', item_id: 99, reason: 'deleted', detail: null }]);
      expect(await store.storiesOfRun('unknown')).toEqual([]);
    });

    it('keeps list order (rank) separate from story ids', async () => {
      await store.saveRun(makeRun({ stories: [makeStory(30), makeStory(10), makeStory(20)] }));
      const stories = await store.storiesOfRun('run-1');
      expect(stories.map((story) => story.id)).toEqual([30, 10, 20]);
    });

    it('saves the same run twice without duplicating a row', async () => {
      const run = makeRun();
      await store.saveRun(run);
      const before = await store.countRows();
      expect(await store.saveRun(run)).toEqual({ storiesWritten: 0, runCreated: false });
      expect(await store.countRows()).toEqual(before);
    });

    it('creates a run once when the same run is saved concurrently', async () => {
      const run = makeRun();
      const results = await Promise.all([
        store.saveRun(run),
        store.saveRun(run),
        store.saveRun(run),
      ]);
      expect(results.filter((result) => result.runCreated)).toHaveLength(1);
      expect(await store.countRows()).toEqual({
        stories: 3,
        runs: 1,
        run_stories: 3,
        run_skipped: 1,
        word_counts: 2,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
    });

    it('rolls back a write that fails mid-transaction, and a retry succeeds', async () => {
      const broken = makeRun({
        stories: [makeStory(1), makeStory(2), makeStory(3, { title: null as unknown as string })],
      });
      const error = await store.saveRun(broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ code: 'SAVE_FAILED' });
      expect((error as Error).message).toMatch(/run "run-1".*rolled back/);
      expect(await store.countRows()).toEqual(EMPTY);
      expect(await store.latestRun()).toBeUndefined();

      expect(await store.saveRun(makeRun())).toEqual({ storiesWritten: 3, runCreated: true });
      expect((await store.countRows()).run_stories).toBe(3);
    });

    it('rolls back story updates too when a later row fails', async () => {
      await store.saveRun(makeRun());
      const broken = makeRun({
        runId: 'run-2',
        finishedAt: '2025-01-02T10:00:05.000Z',
        stories: [
          makeStory(2, { title: 'Renamed' }),
          makeStory(4, { by: null as unknown as string }),
        ],
      });
      await expect(store.saveRun(broken)).rejects.toMatchObject({ code: 'SAVE_FAILED' });
      const story = await store.db
        .selectFrom('stories')
        .selectAll()
        .where('id', '=', 2)
        .executeTakeFirst();
      expect(story).toMatchObject({ title: 'Story 2', last_seen_at: '2025-01-01T10:00:05.000Z' });
      expect((await store.countRows()).runs).toBe(1);
    });

    it('upserts stories shared by runs and tracks when they were first and last seen', async () => {
      const day = (n: number) => `2025-01-0${n}T10:00:05.000Z`;
      await store.saveRun(makeRun({ runId: 'a', finishedAt: day(2) }));
      const result = await store.saveRun(
        makeRun({
          runId: 'b',
          finishedAt: day(3),
          stories: [makeStory(2, { score: 500, title: 'Updated' }), makeStory(3), makeStory(4)],
        }),
      );
      expect(result).toEqual({ storiesWritten: 3, runCreated: true });
      expect(await store.countRows()).toEqual({
        stories: 4,
        runs: 2,
        run_stories: 6,
        run_skipped: 2,
        word_counts: 4,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
      expect(await store.latestRun()).toMatchObject({ runId: 'b' });

      // An older run saved late does not overwrite newer values but moves first_seen_at back.
      await store.saveRun(makeRun({ runId: 'old', finishedAt: day(1), stories: [makeStory(2)] }));
      const story2 = (await store.storiesOfRun('b'))[0];
      expect(story2).toMatchObject({
        id: 2,
        score: 500,
        title: 'Updated',
        firstSeenAt: day(1),
        lastSeenAt: day(3),
      });
      expect(await store.latestRun()).toMatchObject({ runId: 'b' });
      const story1 = (await store.storiesOfRun('a'))[0];
      expect(story1).toMatchObject({ id: 1, firstSeenAt: day(2), lastSeenAt: day(2) });
    });

    it('stores unicode titles, authors and words exactly', async () => {
      const titles = [
        'Show HN: 日本語の検索エンジン 🚀',
        'Ünïcödé — “quotes” and emoji 👩‍💻🏳️‍🌈',
        'עברית ו-العربية mixed direction',
        'e\u0301 combining vs \u00e9 precomposed',
      ];
      const stories: Story[] = titles.map((title, index) =>
        makeStory(index + 1, { title, by: `用户${index}` }),
      );
      await store.saveRun(
        makeRun({
          stories,
          topWords: [
            { word: '日本語', count: 3 },
            { word: 'ünïcödé', count: 1 },
          ],
        }),
      );
      const read = await store.storiesOfRun('run-1');
      expect(read.map((story) => story.title)).toEqual(titles);
      expect(read.map((story) => story.by)).toEqual(['用户0', '用户1', '用户2', '用户3']);
      const words = await store.db
        .selectFrom('word_counts')
        .select('word')
        .orderBy('rank')
        .execute();
      expect(words.map((row) => row.word)).toEqual(['日本語', 'ünïcödé']);
    });

    it('writes large runs in several statements', async () => {
      const stories = Array.from({ length: 1234 }, (_, index) => makeStory(index + 1));
      const topWords = Array.from({ length: 600 }, (_, index) => ({
        word: `w${index}`,
        count: 600 - index,
      }));
      expect(await store.saveRun(makeRun({ stories, topWords }))).toEqual({
        storiesWritten: 1234,
        runCreated: true,
      });
      expect(await store.countRows()).toEqual({
        stories: 1234,
        runs: 1,
        run_stories: 1234,
        run_skipped: 1,
        word_counts: 600,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
      expect((await store.storiesOfRun('run-1')).at(-1)).toMatchObject({ id: 1234, rank: 1234 });
    });

    it('keeps the first of duplicate story ids, skipped ids and words within a run', async () => {
      const run = makeRun({
        stories: [makeStory(1), makeStory(2), makeStory(1, { title: 'Duplicate' })],
        skipped: [
          { id: 7, reason: 'dead' },
          { id: 7, reason: 'deleted', detail: 'again' },
        ],
        topWords: [
          { word: 'a', count: 2 },
          { word: 'a', count: 1 },
        ],
      });
      expect(await store.saveRun(run)).toEqual({ storiesWritten: 2, runCreated: true });
      expect(await store.countRows()).toEqual({
        stories: 2,
        runs: 1,
        run_stories: 2,
        run_skipped: 1,
        word_counts: 1,
        items: 0,
        ingest_partitions: 0,
        follow_cursors: 0,
      });
      expect(await store.latestRun()).toMatchObject({ storyCount: 2, skippedCount: 1 });
      expect((await store.storiesOfRun('run-1'))[0]).toMatchObject({ id: 1, title: 'Story 1' });
    });

    it('stores a run with no stories, skipped items or words', async () => {
      expect(await store.saveRun(makeRun({ stories: [], skipped: [], topWords: [] }))).toEqual({
        storiesWritten: 0,
        runCreated: true,
      });
      expect(await store.countRows()).toEqual({ ...EMPTY, runs: 1 });
    });

    it.each<[string, Partial<RunRecord>, string]>([
      ['an empty run id', { runId: '' }, '`runId` must be a non-empty string.'],
      [
        'a timestamp that is not ISO-8601',
        { finishedAt: 'yesterday' },
        '`finishedAt` must be an ISO-8601 timestamp, got "yesterday".',
      ],
      ['stories that are not an array', { stories: undefined }, '`stories` must be an array.'],
    ])('rejects a run with %s before writing anything', async (_, overrides, reason) => {
      const error = await store.saveRun(makeRun(overrides)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({
        code: 'INVALID_RUN',
        message: `Cannot save this run record: ${reason} Nothing was written.`,
      });
      expect(await store.countRows()).toEqual(EMPTY);
    });

    it('refuses to work after close, and closing twice is fine', async () => {
      await store.close();
      await store.close();
      await expect(store.saveRun(makeRun())).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      await expect(store.countRows()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });

    if (kind === 'sqlite') {
      it('uses WAL, a busy timeout and foreign keys', async () => {
        const pragma = async (name: string) =>
          Object.values(
            (await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object,
          )[0] as unknown;
        expect(await pragma('journal_mode')).toBe('wal');
        expect(await pragma('busy_timeout')).toBe(5000);
        expect(await pragma('foreign_keys')).toBe(1);
      });

      it('keeps data across reopening the file', async () => {
        await store.saveRun(makeRun());
        await store.close();
        store = await createStore(config);
        expect((await store.countRows()).runs).toBe(1);
      });

      it('explains a file that is not a SQLite database', async () => {
        const filename = join(dir, 'not-a-database.db');
        await writeFile(
          filename,
          'this is plain text, not SQLite, and it is long enough to matter'.repeat(20),
        );
        const error = await createStore({ kind: 'sqlite', filename }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
        expect((error as Error).message).toContain(filename);
      });
    }

    if (kind === 'postgres') {
      it('explains a database that does not exist', async () => {
        const url = new URL(postgres().url);
        url.pathname = '/no_such_database';
        const error = await createStore({ kind: 'postgres', url: url.toString() }).catch(
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
        expect((error as Error).message).toMatch(/does not exist.*createdb/);
      });

      it('explains a wrong password without printing any password', async (context) => {
        if (postgres().password === undefined) context.skip();
        const url = new URL(postgres().url);
        url.password = 'wrong-password';
        const error = await createStore({ kind: 'postgres', url: url.toString() }).catch(
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
        const { message } = error as Error;
        expect(message).toMatch(/authentication failed \(28P01\)/);
        expect(message).not.toContain('wrong-password');
        expect(message).not.toContain(encodeURIComponent(postgres().password!));
        expect(message).toContain('***');
      });
    }
  });
}
