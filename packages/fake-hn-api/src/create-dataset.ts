import type { DatasetComposition, GeneratedDataset } from './dataset';
import { FakeHnApiError } from './errors';
import { createContentGenerator, type ContentGenerator } from './internal/content';
import { chance, createPrng, randomInt, shuffled, type Random } from './internal/prng';
import type { HnItem } from './item';
import { toItem, type Draft, type DraftKind, type PostKind } from './internal/draft-item';
import type { StoryList } from '@hn/contract';

/** The seed {@link createDataset} and the server use when none is given. */
export const DEFAULT_SEED = 1;

/** Creation time of the first generated item: 2025-01-01T00:00:00Z, in Unix seconds. */
export const DATASET_START_TIME = 1_735_689_600;

/** Id of the first generated item; later items count up from it, in creation order. */
export const DATASET_FIRST_ID = 42_600_001;

/** Options of {@link createDataset}. */
export interface CreateDatasetOptions {
  /** Any finite number; the same seed always gives the same dataset. Default {@link DEFAULT_SEED}. */
  seed?: number;
}

/** How many top-level slots of each kind every generated dataset holds. */
const POST_COUNTS: Readonly<Record<PostKind, number>> = {
  story: 760,
  ask: 90,
  show: 90,
  job: 40,
  poll: 6,
  deleted: 24,
  dead: 24,
  missing: 20,
};

const JOB_TEXT_EVERY = 4;
const LIST_LENGTH = 500;
const SIDE_LIST_LIMIT = 200;
/** Of each special kind in topstories: one lands in ranks 11-30, the rest in ranks 31-500. */
const TOP_SPECIALS_PER_KIND = 5;

/**
 * Builds a deterministic, realistic Hacker News dataset from a seed: about a thousand stories,
 * Ask HN and Show HN posts, jobs and polls over two days, with comment threads, plus deleted,
 * dead and missing (`null`) ids on purpose. No clock and no network are involved.
 *
 * Lists follow the real API: `top`, `new` and `best` hold 500 ids; `ask`, `show` and `job` at
 * most 200. The first 10 ids of `top` are ordinary stories with a `url`; ranks 11 to 30 hold at
 * least one Ask HN post, one job, one deleted, one dead and one missing id.
 *
 * @throws FakeHnApiError `INVALID_DATASET` when `seed` is not a finite number.
 */
export function createDataset(options: CreateDatasetOptions = {}): GeneratedDataset {
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new FakeHnApiError(
      'INVALID_DATASET',
      `seed must be a finite number, got ${String(seed)}`,
    );
  }
  const random = createPrng(seed, 1);
  const content = createContentGenerator(random);
  const drafts: Draft[] = [];
  const newDraft = (kind: DraftKind, time: number): Draft => {
    const draft: Draft = {
      kind,
      time,
      seq: drafts.length,
      id: 0,
      by: '',
      title: '',
      score: 0,
      kids: [],
      parts: [],
    };
    drafts.push(draft);
    return draft;
  };

  const { posts, end } = schedulePosts(random, newDraft);
  const drafting: Drafting = { random, content, newDraft, end };
  let jobIndex = 0;
  for (const post of posts) {
    // Every fourth job links nowhere and describes itself in `text`, as some real ones do.
    const jobWithText = post.kind === 'job' && jobIndex++ % JOB_TEXT_EVERY === 0;
    writePost(drafting, post, jobWithText);
  }

  const { items, maxItem } = numberItems(drafts);
  const lists = buildLists(random, posts, end);
  const composition = compose(posts, drafts, items.size, maxItem);
  return { seed, firstItem: DATASET_FIRST_ID, maxItem, items, lists, composition };
}

/** What writing the posts and their threads draws from. */
interface Drafting {
  random: Random;
  content: ContentGenerator;
  newDraft: (kind: DraftKind, time: number) => Draft;
  /** The dataset's end time: no comment is written at or after it. */
  end: number;
}

/** Every top-level post in a seeded order, 30 seconds to 5 minutes apart, and the end time. */
function schedulePosts(
  random: Random,
  newDraft: Drafting['newDraft'],
): { posts: Draft[]; end: number } {
  const kinds = shuffled(
    random,
    (Object.entries(POST_COUNTS) as [PostKind, number][]).flatMap(([kind, n]) =>
      Array.from({ length: n }, () => kind),
    ),
  );
  let time = DATASET_START_TIME;
  const posts: Draft[] = [];
  for (const kind of kinds) {
    time += randomInt(random, 30, 300);
    posts.push(newDraft(kind, time));
  }
  return { posts, end: time + 600 };
}

/** Writes a post's author, title, link or text and score by its kind, then its comments. */
function writePost(drafting: Drafting, post: Draft, jobWithText: boolean): void {
  const { random, content, end } = drafting;
  const ageHours = (end - post.time) / 3600;
  post.by = content.user();
  switch (post.kind) {
    case 'story':
    case 'dead':
      post.title = content.storyTitle();
      post.url = content.url(post.title);
      post.score = storyScore(random, ageHours);
      break;
    case 'ask':
      post.title = content.askTitle();
      post.text = content.askText();
      post.score = storyScore(random, ageHours);
      break;
    case 'show':
      post.title = content.showTitle();
      post.url = content.url(post.title);
      post.score = storyScore(random, ageHours);
      break;
    case 'job':
      post.title = content.jobTitle();
      post.score = 1;
      if (jobWithText) post.text = content.jobText(post.title);
      else post.url = content.url(post.title);
      break;
    case 'poll':
      writePoll(drafting, post, ageHours);
      break;
    case 'deleted':
    case 'missing':
      break;
  }
  if (
    post.kind === 'story' ||
    post.kind === 'ask' ||
    post.kind === 'show' ||
    post.kind === 'poll'
  ) {
    const threads = Math.min(
      20,
      Math.floor(post.score / 30) + randomInt(random, 0, 2) + (post.kind === 'ask' ? 2 : 0),
    );
    addComments(random, content, drafting.newDraft, post, threads, end, 0);
  }
}

function writePoll({ random, content, newDraft }: Drafting, post: Draft, ageHours: number): void {
  const poll = content.poll();
  post.title = poll.title;
  post.text = content.askText();
  post.score = storyScore(random, ageHours) + 20;
  for (const option of poll.options) {
    const part = newDraft('pollopt', post.time);
    part.by = post.by;
    part.text = option;
    part.score = randomInt(random, 0, post.score);
    part.parent = post;
    post.parts.push(part);
  }
}

/** Gives the drafts their ids in creation-time order, as on the real site, and their items. */
function numberItems(drafts: readonly Draft[]): { items: Map<number, HnItem>; maxItem: number } {
  const ordered = [...drafts].sort((a, b) => a.time - b.time || a.seq - b.seq);
  ordered.forEach((draft, index) => {
    draft.id = DATASET_FIRST_ID + index;
  });
  const items = new Map<number, HnItem>();
  for (const draft of ordered) {
    const item = toItem(draft);
    if (item) items.set(draft.id, item);
  }
  return { items, maxItem: DATASET_FIRST_ID + ordered.length - 1 };
}

function storyScore(random: Random, ageHours: number): number {
  const u = random();
  const raw = Math.exp(u * u * 6.9);
  // Young posts have had no time to collect votes.
  const grown = raw * Math.min(1, (ageHours + 0.3) / 8);
  return Math.max(1, Math.round(grown));
}

function addComments(
  random: Random,
  content: ContentGenerator,
  newDraft: (kind: DraftKind, time: number) => Draft,
  parent: Draft,
  count: number,
  end: number,
  depth: number,
): void {
  for (let i = 0; i < count; i++) {
    const delay = Math.round(60 + random() * random() * 8 * 3600);
    const time = parent.time + delay;
    if (time >= end) continue;
    const comment = newDraft('comment', time);
    comment.by = content.user();
    comment.text = content.commentText();
    comment.parent = parent;
    parent.kids.push(comment);
    if (depth < 2 && chance(random, depth === 0 ? 0.4 : 0.2)) {
      addComments(random, content, newDraft, comment, randomInt(random, 1, 2), end, depth + 1);
    }
  }
}

function buildLists(
  random: Random,
  posts: readonly Draft[],
  end: number,
): Record<StoryList, number[]> {
  const hotness = (d: Draft): number => (d.score - 1) / Math.pow((end - d.time) / 3600 + 2, 1.8);
  const byHotness = (a: Draft, b: Draft): number => hotness(b) - hotness(a) || b.id - a.id;
  const byNewest = (a: Draft, b: Draft): number => b.id - a.id;
  const ofKind = (...kinds: PostKind[]): Draft[] =>
    posts.filter((p) => (kinds as DraftKind[]).includes(p.kind));
  const ids = (drafts: readonly Draft[]): number[] => drafts.map((d) => d.id);

  const live = ofKind('story', 'ask', 'show', 'poll');
  const best = [...live].sort((a, b) => b.score - a.score || b.id - a.id).slice(0, LIST_LENGTH);
  const newest = ofKind('story', 'ask', 'show', 'poll', 'dead', 'deleted')
    .sort(byNewest)
    .slice(0, LIST_LENGTH);
  const ask = ofKind('ask').sort(byHotness).slice(0, SIDE_LIST_LIMIT);
  const show = ofKind('show').sort(byHotness).slice(0, SIDE_LIST_LIMIT);
  const job = ofKind('job').sort(byNewest).slice(0, SIDE_LIST_LIMIT);

  return {
    top: ids(buildTop(random, live.sort(byHotness), posts)),
    new: ids(newest),
    best: ids(best),
    ask: ids(ask),
    show: ids(show),
    job: ids(job),
  };
}

function buildTop(random: Random, ranked: Draft[], posts: readonly Draft[]): Draft[] {
  const head = ranked.filter((d) => d.kind === 'story').slice(0, 10);
  const topAsk = ranked.find((d) => d.kind === 'ask') as Draft;
  const rest = ranked.filter((d) => !head.includes(d) && d !== topAsk);

  const specialKinds: PostKind[] = ['missing', 'deleted', 'dead', 'job'];
  const specials = specialKinds.map((kind) =>
    shuffled(
      random,
      posts.filter((p) => p.kind === kind),
    ).slice(0, TOP_SPECIALS_PER_KIND),
  );

  // Ranks 11-30: the best Ask HN post and one special of each kind at seeded positions.
  const pinned = [topAsk, ...specials.map((group) => group[0] as Draft)];
  const upper: (Draft | undefined)[] = Array.from({ length: 20 }, () => undefined);
  const slots = shuffled(
    random,
    Array.from({ length: 20 }, (_, i) => i),
  ).slice(0, pinned.length);
  pinned.forEach((draft, i) => {
    upper[slots[i] as number] = draft;
  });
  let next = 0;
  const filledUpper = upper.map((slot) => slot ?? (rest[next++] as Draft));

  // Ranks 31-500: the remaining specials sprinkled among the ranked stories.
  const lowerSpecials = specials.flatMap((group) => group.slice(1));
  const lowerLength = LIST_LENGTH - 30;
  const lower: Draft[] = rest.slice(next, next + lowerLength - lowerSpecials.length);
  for (const special of lowerSpecials) {
    lower.splice(randomInt(random, 0, lower.length), 0, special);
  }
  return [...head, ...filledUpper, ...lower];
}

function compose(
  posts: readonly Draft[],
  drafts: readonly Draft[],
  totalItems: number,
  maxItem: number,
): DatasetComposition {
  const count = (predicate: (d: Draft) => boolean): number => drafts.filter(predicate).length;
  return {
    stories: count((d) => d.kind === 'story'),
    askStories: count((d) => d.kind === 'ask'),
    showStories: count((d) => d.kind === 'show'),
    jobs: count((d) => d.kind === 'job'),
    jobsWithUrl: count((d) => d.kind === 'job' && d.url !== undefined),
    jobsWithText: count((d) => d.kind === 'job' && d.url === undefined),
    polls: count((d) => d.kind === 'poll'),
    pollOptions: count((d) => d.kind === 'pollopt'),
    comments: count((d) => d.kind === 'comment'),
    deleted: count((d) => d.kind === 'deleted'),
    dead: count((d) => d.kind === 'dead'),
    missing: posts.filter((d) => d.kind === 'missing').length,
    totalItems,
    firstItem: DATASET_FIRST_ID,
    maxItem,
  };
}
