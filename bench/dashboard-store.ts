// A generated store the size of a busy year: `items` ids spread evenly over `hours` hourly
// partitions ending at `end`, with Hacker News's mix of types, titles from a word list, urls on a
// few hundred hosts, and about 1 partition in 100 failed. Written straight through SQLite in one
// transaction: the point is the read side, not the ingest.
import BetterSqlite3 from 'better-sqlite3';
import { createStore } from '@hn/storage';

const WORDS = (
  'rust python postgres sqlite temporal workflow database compiler linux kernel browser ' +
  'security privacy startup funding open source release model language learning apple google ' +
  'microsoft amazon cloud server network protocol design typescript javascript memory cache ' +
  'performance benchmark history science space energy climate battery chip hardware show ask'
).split(' ');

export interface GeneratedStoreOptions {
  filename: string;
  items: number;
  hours: number;
  /** End of the last hour, Unix milliseconds (an hour boundary). */
  end: number;
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the store (migrated by `@hn/storage`, so its indexes are the real ones). */
export async function generateDashboardStore(options: GeneratedStoreOptions): Promise<void> {
  await (await createStore({ kind: 'sqlite', filename: options.filename })).close();
  const db = new BetterSqlite3(options.filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const next = random(1);
  const start = options.end - options.hours * 3_600_000;
  const perHour = options.items / options.hours;
  const insertItem = db.prepare(
    'insert into items (id, status, type, by, time, title, url, score, descendants, deleted, dead, fetched_at) ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)',
  );
  const insertPartition = db.prepare(
    'insert into ingest_partitions (key, window_start, window_end, from_id, to_id, status, counts, workflow_id, run_id, started_at, finished_at, updated_at) ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byHour = Array.from({ length: options.hours }, () => ({
    items: 0,
    missing: 0,
    byType: { story: 0, comment: 0, job: 0, poll: 0, pollopt: 0 },
  }));
  db.transaction(() => {
    for (let id = 1; id <= options.items; id += 1) {
      const time = Math.floor((start + ((id - 1) / perHour) * 3_600_000) / 1000);
      const draw = next();
      const counts = byHour[Math.min(options.hours - 1, Math.floor((id - 1) / perHour))]!;
      if (draw < 0.01) {
        counts.missing += 1;
        insertItem.run(id, 'missing', null, null, null, null, null, null, null, time * 1000);
        continue;
      }
      const type =
        draw < 0.13
          ? 'story'
          : draw < 0.135
            ? 'job'
            : draw < 0.137
              ? 'poll'
              : draw < 0.14
                ? 'pollopt'
                : 'comment';
      counts.items += 1;
      counts.byType[type] = (counts.byType[type] ?? 0) + 1;
      const title =
        type === 'story' || type === 'job'
          ? Array.from(
              { length: 4 + Math.floor(next() * 6) },
              () => WORDS[Math.floor(next() * WORDS.length)],
            ).join(' ')
          : null;
      const url =
        type === 'story' ? `https://site${Math.floor(next() ** 2 * 300)}.example/${id}` : null;
      const score = type === 'story' ? Math.floor(next() ** 4 * 2000) : null;
      insertItem.run(
        id,
        'item',
        type,
        `user${id % 5000}`,
        time,
        title,
        url,
        score,
        type === 'story' ? Math.floor(next() * 300) : null,
        time * 1000,
      );
    }
    for (let hour = 0; hour < options.hours; hour += 1) {
      const windowStart = new Date(start + hour * 3_600_000).toISOString();
      const windowEnd = new Date(start + (hour + 1) * 3_600_000).toISOString();
      const fromId = Math.floor(hour * perHour) + 1;
      const toId = Math.floor((hour + 1) * perHour);
      const failed = next() < 0.01;
      const counts = failed
        ? null
        : JSON.stringify({
            deleted: 0,
            dead: 0,
            invalid: 0,
            ...byHour[hour],
            bytes: 0,
          });
      insertPartition.run(
        `window:${windowStart}/${windowEnd}`,
        windowStart,
        windowEnd,
        fromId,
        toId,
        failed ? 'failed' : 'completed',
        counts,
        `hackernews-ingest-${windowStart}`,
        `run-${hour}`,
        windowEnd,
        windowEnd,
        windowEnd,
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
