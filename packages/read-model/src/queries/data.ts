import { topWords } from '@hn/activities';
import { ITEM_TYPES, type ItemType, type StoryList } from '@hn/contract';
import type { Database } from '@hn/storage';
import { type Kysely, sql } from 'kysely';
import { isoOfSeconds } from './health';

const HOUR_S = 3600;
const DAY_S = 86_400;

/** A period, Unix milliseconds; absent ends mean "the week up to the newest stored item". */
export interface PeriodQuery {
  from?: number;
  to?: number;
}

/** The period an answer covers, after defaults and clamping. */
export interface ServedPeriod {
  /** ISO-8601 UTC, inclusive. */
  from: string;
  /** ISO-8601 UTC, exclusive. */
  to: string;
  /** True when the asked period was longer than this query allows and was cut to its end. */
  clamped: boolean;
}

/** The longest period each data query reads, in days. */
export const MAX_PERIOD_DAYS = {
  topStories: 366,
  itemsPerHour: 31,
  wordTrend: 366,
  topDomains: 92,
} as const;

/** The default period: the 7 days up to the newest stored item. */
export const DEFAULT_PERIOD_DAYS = 7;

/** A story of {@link TopStories}; `url` is untrusted text (render it as text, link only http(s)). */
export interface StoryRow {
  id: number;
  title: string | null;
  url: string | null;
  by: string | null;
  score: number | null;
  comments: number | null;
  /** ISO-8601 UTC. */
  time: string | null;
}

export interface TopStories {
  period: ServedPeriod;
  stories: StoryRow[];
}

export interface ItemsPerHour {
  period: ServedPeriod;
  /** Hour starts, Unix seconds, every hour of the period. */
  hours: number[];
  /** Per type, one count per entry of `hours`. */
  series: Record<ItemType, number[]>;
}

export interface WordTrend {
  period: ServedPeriod;
  /** `day` up to 62 days, `week` beyond. */
  bucket: 'day' | 'week';
  /** Bucket starts, Unix seconds. */
  buckets: number[];
  /** Stories whose titles were counted per bucket (its top stories by score). */
  storiesPerBucket: number;
  /** The period's most frequent words, each with one count (titles using it) per bucket. */
  words: { word: string; total: number; counts: number[] }[];
}

export interface TopDomains {
  period: ServedPeriod;
  /** Stories of the period with a url. */
  stories: number;
  domains: { domain: string; stories: number }[];
}

export interface LatestTopStoriesRun {
  runId: string;
  workflowId: string;
  list: StoryList;
  finishedAt: string;
  stories: (StoryRow & { rank: number })[];
  words: { word: string; count: number }[];
}

/** Resolves a period's defaults and clamps it to `maxDays`, keeping its end. */
export async function servedPeriod(
  db: Kysely<Database>,
  query: PeriodQuery,
  maxDays: number,
): Promise<ServedPeriod & { fromS: number; toS: number }> {
  let toMs = query.to;
  if (toMs === undefined) {
    if (query.from !== undefined) {
      toMs = query.from + DEFAULT_PERIOD_DAYS * DAY_S * 1000;
    } else {
      const newest = await db
        .selectFrom('items')
        .select((eb) => eb.fn.max('time').as('time'))
        .where('status', '=', 'item')
        .executeTakeFirst();
      const time = newest?.time;
      const endS = time === null || time === undefined ? Date.now() / 1000 : Number(time) + 1;
      toMs = Math.ceil(endS / HOUR_S) * HOUR_S * 1000;
    }
  }
  let fromMs = query.from ?? toMs - DEFAULT_PERIOD_DAYS * DAY_S * 1000;
  if (fromMs >= toMs) fromMs = toMs - HOUR_S * 1000;
  const maxMs = maxDays * DAY_S * 1000;
  const clamped = toMs - fromMs > maxMs;
  if (clamped) fromMs = toMs - maxMs;
  const fromS = Math.floor(fromMs / 1000);
  const toS = Math.ceil(toMs / 1000);
  return { from: isoOfSeconds(fromS), to: isoOfSeconds(toS), clamped, fromS, toS };
}

function periodOf(served: ServedPeriod): ServedPeriod {
  return { from: served.from, to: served.to, clamped: served.clamped };
}

/** The highest-scored live stories timed inside the period (the type-and-time index). */
export async function readTopStories(
  db: Kysely<Database>,
  query: PeriodQuery & { limit: number },
): Promise<TopStories> {
  const period = await servedPeriod(db, query, MAX_PERIOD_DAYS.topStories);
  const rows = await db
    .selectFrom('items')
    .select(['id', 'title', 'url', 'by', 'score', 'descendants', 'time'])
    .where('status', '=', 'item')
    .where('type', '=', 'story')
    .where('time', '>=', period.fromS)
    .where('time', '<', period.toS)
    .where('deleted', '=', 0)
    .where('dead', '=', 0)
    .orderBy('score', 'desc')
    .orderBy('id')
    .limit(query.limit)
    .execute();
  return { period: periodOf(period), stories: rows.map(storyRow) };
}

function storyRow(row: {
  id: number;
  title: string | null;
  url: string | null;
  by: string | null;
  score: number | null;
  descendants: number | null;
  time: number | null;
}): StoryRow {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    by: row.by,
    score: row.score,
    comments: row.descendants,
    time: row.time === null ? null : isoOfSeconds(Number(row.time)),
  };
}

/** Items per hour by type: one range scan of the type-and-time index per type. */
export async function readItemsPerHour(
  db: Kysely<Database>,
  query: PeriodQuery,
): Promise<ItemsPerHour> {
  const period = await servedPeriod(db, query, MAX_PERIOD_DAYS.itemsPerHour);
  const firstHour = Math.floor(period.fromS / HOUR_S);
  const lastHour = Math.ceil(period.toS / HOUR_S);
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => (firstHour + i) * HOUR_S);
  const hourOf = sql<number>`(${sql.ref('time')} / ${sql.lit(HOUR_S)})`;
  const perType = await Promise.all(
    ITEM_TYPES.map((type) =>
      db
        .selectFrom('items')
        .select([hourOf.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'item')
        .where('type', '=', type)
        .where('time', '>=', period.fromS)
        .where('time', '<', period.toS)
        .groupBy(hourOf)
        .execute(),
    ),
  );
  const series = {} as Record<ItemType, number[]>;
  ITEM_TYPES.forEach((type, index) => {
    const counts = new Array<number>(hours.length).fill(0);
    for (const { hour, n } of perType[index]!) {
      const slot = Math.floor(Number(hour)) - firstHour;
      if (slot >= 0 && slot < counts.length) counts[slot] = Number(n);
    }
    series[type] = counts;
  });
  return { period: periodOf(period), hours, series };
}

/** Stories per bucket whose titles a word trend counts. */
const TITLES_PER_BUCKET = 60;

/**
 * Title words over time, across partitions: per bucket (day, or week beyond 62 days) the titles
 * of its top {@link TITLES_PER_BUCKET} stories by score, split into words by the pipeline's own
 * rule (`topWords` of `@hn/activities`); the period's most frequent words, with their counts
 * per bucket.
 */
export async function readWordTrend(
  db: Kysely<Database>,
  query: PeriodQuery & { words: number },
): Promise<WordTrend> {
  const period = await servedPeriod(db, query, MAX_PERIOD_DAYS.wordTrend);
  const bucket = period.toS - period.fromS > 62 * DAY_S ? 'week' : 'day';
  const size = bucket === 'day' ? DAY_S : 7 * DAY_S;
  const first = Math.floor(period.fromS / size);
  const count = Math.ceil(period.toS / size) - first;
  const bucketOf = sql<number>`(${sql.ref('time')} / ${sql.lit(size)})`;
  const ranked = db
    .selectFrom('items')
    .select([
      'title',
      bucketOf.as('bucket'),
      sql<number>`row_number() over (partition by ${bucketOf} order by ${sql.ref('score')} desc, ${sql.ref('id')})`.as(
        'position',
      ),
    ])
    .where('status', '=', 'item')
    .where('type', '=', 'story')
    .where('time', '>=', period.fromS)
    .where('time', '<', period.toS)
    .where('title', 'is not', null)
    .as('ranked');
  const rows = await db
    .selectFrom(ranked)
    .select(['title', 'bucket'])
    .where('position', '<=', TITLES_PER_BUCKET)
    .execute();
  const titles: string[][] = Array.from({ length: count }, () => []);
  for (const { title, bucket: at } of rows) {
    const slot = Math.floor(Number(at)) - first;
    if (title !== null && slot >= 0 && slot < count) titles[slot]!.push(title);
  }
  // Each title is split once: per-bucket counts, summed into the period's totals (a word counts
  // once per title, so the sums equal the counts over all titles).
  const perBucket = titles.map((bucketTitles) => topWords(bucketTitles, Number.MAX_SAFE_INTEGER));
  const totals = new Map<string, number>();
  for (const counts of perBucket) {
    for (const { word, count: n } of counts) totals.set(word, (totals.get(word) ?? 0) + n);
  }
  const words = [...totals]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, query.words)
    .map(([word, total]) => ({ word, total, counts: new Array<number>(count).fill(0) }));
  const index = new Map(words.map((entry, i) => [entry.word, i]));
  perBucket.forEach((counts, slot) => {
    for (const { word, count: n } of counts) {
      const at = index.get(word);
      if (at !== undefined) words[at]!.counts[slot] = n;
    }
  });
  return {
    period: periodOf(period),
    bucket,
    buckets: Array.from({ length: count }, (_, i) => (first + i) * size),
    storiesPerBucket: TITLES_PER_BUCKET,
    words,
  };
}

/** The hosts of the period's story urls (only http(s) urls count), most linked first. */
export async function readTopDomains(
  db: Kysely<Database>,
  query: PeriodQuery & { limit: number },
): Promise<TopDomains> {
  const period = await servedPeriod(db, query, MAX_PERIOD_DAYS.topDomains);
  const rows = await db
    .selectFrom('items')
    .select('url')
    .where('status', '=', 'item')
    .where('type', '=', 'story')
    .where('time', '>=', period.fromS)
    .where('time', '<', period.toS)
    .where('url', 'is not', null)
    .execute();
  const counts = new Map<string, number>();
  let stories = 0;
  for (const { url } of rows) {
    const host = hostOf(url);
    if (host === undefined) continue;
    stories += 1;
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  const domains = [...counts]
    .map(([domain, n]) => ({ domain, stories: n }))
    .sort((a, b) => b.stories - a.stories || (a.domain < b.domain ? -1 : 1))
    .slice(0, query.limit);
  return { period: periodOf(period), stories, domains };
}

/** The host of an http(s) url without a leading `www.`; `undefined` for anything else. */
export function hostOf(url: string | null): string | undefined {
  if (url === null || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.hostname.replace(/^www\./, '');
}

/** The newest run of the tutorial's pipeline, its stories in rank order and its top words. */
export async function readLatestTopStoriesRun(
  db: Kysely<Database>,
): Promise<LatestTopStoriesRun | null> {
  const run = await db
    .selectFrom('runs')
    .selectAll()
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (run === undefined) return null;
  const [stories, words] = await Promise.all([
    db
      .selectFrom('run_stories')
      .innerJoin('stories', 'stories.id', 'run_stories.story_id')
      .select([
        'stories.id',
        'stories.title',
        'stories.url',
        'stories.by',
        'stories.score',
        'stories.comments',
        'stories.time',
        'run_stories.rank',
      ])
      .where('run_stories.run_id', '=', run.run_id)
      .orderBy('run_stories.rank')
      .limit(100)
      .execute(),
    db
      .selectFrom('word_counts')
      .select(['word', 'count'])
      .where('run_id', '=', run.run_id)
      .orderBy('rank')
      .limit(50)
      .execute(),
  ]);
  return {
    runId: run.run_id,
    workflowId: run.workflow_id,
    list: run.list,
    finishedAt: run.finished_at,
    stories: stories.map((row) => ({
      id: row.id,
      title: row.title,
      url: row.url === '' ? null : row.url,
      by: row.by,
      score: row.score,
      comments: row.comments,
      time: isoOfSeconds(Number(row.time)),
      rank: row.rank,
    })),
    words: words.map(({ word, count }) => ({ word, count: Number(count) })),
  };
}
