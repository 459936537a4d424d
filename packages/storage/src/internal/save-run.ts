import type { RunRecord, SaveRunResult } from '@hn/contract';
import type { Insertable, Kysely } from 'kysely';
import { StorageError } from '../errors';
import type { Database, StoriesTable } from '../schema';
import { inTransaction } from './transaction';

/**
 * Rows per INSERT: 10 columns × 500 rows stays far below the bound-parameter limits of SQLite
 * (32766) and PostgreSQL (65535).
 */
const CHUNK_ROWS = 500;

/**
 * Writes a run in one transaction. The `runs` row is inserted first with ON CONFLICT DO NOTHING:
 * when it already exists, an earlier call committed the whole run (the transaction is atomic), so
 * nothing else is written. Under PostgreSQL a concurrent duplicate waits on the primary key until
 * the first transaction ends, then finds the row; under SQLite writers are serialised.
 */
export async function saveRunRows(db: Kysely<Database>, run: RunRecord): Promise<SaveRunResult> {
  const rows = toRows(run);
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('runs')
      .values(rows.run)
      .onConflict((oc) => oc.column('run_id').doNothing())
      .returning('run_id')
      .executeTakeFirst();
    if (inserted === undefined) return { storiesWritten: 0, runCreated: false };

    for (const chunk of chunks(rows.stories)) await upsertStories(trx, chunk);
    for (const chunk of chunks(rows.runStories)) {
      await trx
        .insertInto('run_stories')
        .values(chunk)
        .onConflict((oc) => oc.columns(['run_id', 'story_id']).doNothing())
        .execute();
    }
    for (const chunk of chunks(rows.skipped)) {
      await trx
        .insertInto('run_skipped')
        .values(chunk)
        .onConflict((oc) => oc.columns(['run_id', 'item_id']).doNothing())
        .execute();
    }
    for (const chunk of chunks(rows.words)) {
      await trx
        .insertInto('word_counts')
        .values(chunk)
        .onConflict((oc) => oc.columns(['run_id', 'word']).doNothing())
        .execute();
    }
    return { storiesWritten: rows.stories.length, runCreated: true };
  });
}

/**
 * A story seen again takes the newer run's values; a run saved late (an old run retried after a
 * newer one) only moves `first_seen_at` back. Plain CASE expressions keep this portable.
 */
async function upsertStories(
  trx: Kysely<Database>,
  rows: Insertable<StoriesTable>[],
): Promise<void> {
  await trx
    .insertInto('stories')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => {
        const newer = eb('excluded.last_seen_at', '>=', eb.ref('stories.last_seen_at'));
        const pick = <C extends PickedColumn>(column: C) =>
          eb
            .case()
            .when(newer)
            .then(eb.ref(`excluded.${column}`))
            .else(eb.ref(`stories.${column}`))
            .end();
        return {
          title: pick('title'),
          by: pick('by'),
          url: pick('url'),
          score: pick('score'),
          time: pick('time'),
          comments: pick('comments'),
          type: pick('type'),
          last_seen_at: pick('last_seen_at'),
          first_seen_at: eb
            .case()
            .when('excluded.first_seen_at', '<', eb.ref('stories.first_seen_at'))
            .then(eb.ref('excluded.first_seen_at'))
            .else(eb.ref('stories.first_seen_at'))
            .end(),
        };
      }),
    )
    .execute();
}

type PickedColumn = Exclude<keyof StoriesTable, 'id' | 'first_seen_at'>;

interface RunRows {
  run: Insertable<Database['runs']>;
  stories: Insertable<StoriesTable>[];
  runStories: Insertable<Database['run_stories']>[];
  skipped: Insertable<Database['run_skipped']>[];
  words: Insertable<Database['word_counts']>[];
}

/**
 * Checks the record's envelope before the transaction opens, then builds the rows. Story
 * fields are left to the schema's constraints: a violation fails the transaction, which rolls
 * back. Duplicate ids and words keep their first occurrence, since one statement may not touch
 * a row twice; stories are sorted by id so concurrent runs lock shared stories in one order.
 */
function toRows(run: RunRecord): RunRows {
  if (typeof run !== 'object' || run === null) throw invalidRun('expected a RunRecord object.');
  const runId = requireText(run, 'runId');
  const workflowId = requireText(run, 'workflowId');
  const list = requireText(run, 'list') as RunRecord['list'];
  const startedAt = requireTimestamp(run, 'startedAt');
  const finishedAt = requireTimestamp(run, 'finishedAt');
  const stories = requireArray(run, 'stories');
  const skipped = requireArray(run, 'skipped');
  const topWords = requireArray(run, 'topWords');

  const storyRows = new Map<number, Insertable<StoriesTable>>();
  const runStories: RunRows['runStories'] = [];
  stories.forEach((story, index) => {
    if (storyRows.has(story.id)) return;
    storyRows.set(story.id, {
      id: story.id,
      title: story.title,
      by: story.by,
      url: story.url,
      score: story.score,
      time: story.time,
      comments: story.comments,
      type: story.type,
      first_seen_at: finishedAt,
      last_seen_at: finishedAt,
    });
    runStories.push({ run_id: runId, story_id: story.id, rank: index + 1 });
  });

  const skippedRows = new Map<number, Insertable<Database['run_skipped']>>();
  for (const item of skipped) {
    if (skippedRows.has(item.id)) continue;
    skippedRows.set(item.id, {
      run_id: runId,
      item_id: item.id,
      reason: item.reason,
      detail: item.detail ?? null,
    });
  }

  const words = new Map<string, Insertable<Database['word_counts']>>();
  topWords.forEach((entry, index) => {
    if (words.has(entry.word)) return;
    words.set(entry.word, { run_id: runId, word: entry.word, count: entry.count, rank: index + 1 });
  });

  return {
    run: {
      run_id: runId,
      workflow_id: workflowId,
      list,
      started_at: startedAt,
      finished_at: finishedAt,
      story_count: storyRows.size,
      skipped_count: skippedRows.size,
    },
    stories: [...storyRows.values()].sort((a, b) => a.id - b.id),
    runStories,
    skipped: [...skippedRows.values()],
    words: [...words.values()],
  };
}

function requireText(run: RunRecord, field: 'runId' | 'workflowId' | 'list'): string {
  const value: unknown = run[field];
  if (typeof value !== 'string' || value === '') {
    throw invalidRun(`\`${field}\` must be a non-empty string.`);
  }
  return value;
}

function requireTimestamp(run: RunRecord, field: 'startedAt' | 'finishedAt'): string {
  const value: unknown = run[field];
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidRun(`\`${field}\` must be an ISO-8601 timestamp, got ${JSON.stringify(value)}.`);
  }
  // One format (UTC, milliseconds) so timestamps compare correctly as text.
  return new Date(time).toISOString();
}

function requireArray<F extends 'stories' | 'skipped' | 'topWords'>(
  run: RunRecord,
  field: F,
): RunRecord[F] {
  const value: unknown = run[field];
  if (!Array.isArray(value)) throw invalidRun(`\`${field}\` must be an array.`);
  return value as RunRecord[F];
}

function invalidRun(reason: string): StorageError {
  return new StorageError(
    'INVALID_RUN',
    `Cannot save this run record: ${reason} Nothing was written.`,
  );
}

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    yield rows.slice(start, start + CHUNK_ROWS);
  }
}
