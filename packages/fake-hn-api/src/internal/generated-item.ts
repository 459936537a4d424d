import type { HnItem } from '../item';
import { createContentGenerator, randomUser } from './content';
import { createPrng, pick, type Random } from './prng';
import {
  hashInts,
  isCommentKind,
  KIND_ASK,
  KIND_COMMENT,
  KIND_DEAD_COMMENT,
  KIND_DEAD_STORY,
  KIND_DELETED_COMMENT,
  KIND_DELETED_STORY,
  KIND_JOB,
  KIND_POLL,
  KIND_POLLOPT,
  KIND_SHOW,
  KIND_STORY,
  TOMBSTONE_BARE,
  TOMBSTONE_FULL,
  type SegmentLayout,
} from './segment-layout';
import { BLOG_DOMAINS, COMMENT_SENTENCES, POLL_QUESTIONS, TECHNOLOGIES } from './word-lists';

const CONTENT_SALT = 0xc0de;

/** What a live space changes in a segment's items; see {@link buildGeneratedItem}. */
export interface LiveView {
  /** Comment positions deleted or made dead by now: `descendants` leaves them out. */
  gone(q: number): boolean;
  /** Comment positions that answer a story of an older segment instead of their own. */
  late: ReadonlyMap<number, unknown>;
  /** The id of the story a late comment position answers. */
  lateParent(q: number): number | undefined;
}

const FIXED: LiveView = { gone: () => false, late: new Map(), lateParent: () => undefined };
const JOB_TEXT_SHARE = 0.25;

/**
 * The item at position `p` of a segment, as the API serves it, or `null` for an id that answers
 * `null` (or is not generated). `time` is the clock's time for the id; `limit` is the last
 * position at or below `maxitem`: `kids`, `descendants` and `parts` only count items up to it.
 * `view` (live spaces) tells comments deleted or dead since, and replies that answer an older
 * story, which leave this segment's threads.
 * Keys are in alphabetical order, as the real API serves them.
 */
export function buildGeneratedItem(
  seed: number,
  layout: SegmentLayout,
  p: number,
  time: number,
  limit: number,
  view: LiveView = FIXED,
): HnItem | null {
  const at: Position = { seed, layout, p, id: layout.base + p, time, limit, view };
  switch (layout.kind[p] as number) {
    case KIND_DELETED_STORY:
      return tombstone(at, 'story');
    case KIND_DELETED_COMMENT:
      return tombstone(at, 'comment');
    case KIND_COMMENT:
      return comment(at, false);
    case KIND_DEAD_COMMENT:
      return comment(at, true);
    case KIND_STORY:
      return story(at, false, false);
    case KIND_SHOW:
      return story(at, true, false);
    case KIND_DEAD_STORY:
      return story(at, false, true);
    case KIND_ASK:
      return ask(at);
    case KIND_JOB:
      return job(at);
    case KIND_POLL:
      return poll(at);
    case KIND_POLLOPT:
      return pollOption(at);
    default:
      return null;
  }
}

/** The arguments of {@link buildGeneratedItem}, and the position's id. */
interface Position {
  seed: number;
  layout: SegmentLayout;
  p: number;
  id: number;
  time: number;
  limit: number;
  view: LiveView;
}

function tombstone({ layout, p, id, time }: Position, type: 'story' | 'comment'): HnItem {
  const shape = layout.variant[p];
  if (shape === TOMBSTONE_FULL) return { deleted: true, id, time, type };
  if (shape === TOMBSTONE_BARE) return { deleted: true, id };
  return { deleted: true, id, type };
}

function comment(at: Position, dead: boolean): HnItem {
  const { seed, layout, p, id, time, view } = at;
  const random = contentRandom(seed, id);
  return {
    by: randomUser(random),
    ...(dead ? { dead: true as const } : {}),
    id,
    ...kids(at),
    parent: view.lateParent(p) ?? layout.base + (layout.link[p] as number),
    text: commentText(random),
    time,
    type: 'comment',
  };
}

function story(at: Position, show: boolean, dead: boolean): HnItem {
  const random = contentRandom(at.seed, at.id);
  const content = createContentGenerator(random);
  const by = content.user();
  const title = show ? content.showTitle() : content.storyTitle();
  return {
    by,
    ...(dead ? { dead: true as const } : {}),
    descendants: descendants(at),
    id: at.id,
    ...kids(at),
    score: score(random),
    time: at.time,
    title,
    type: 'story',
    url: content.url(title),
  };
}

function ask(at: Position): HnItem {
  const random = contentRandom(at.seed, at.id);
  const content = createContentGenerator(random);
  return {
    by: content.user(),
    descendants: descendants(at),
    id: at.id,
    ...kids(at),
    score: score(random),
    text: content.askText(),
    time: at.time,
    title: content.askTitle(),
    type: 'story',
  };
}

function job({ seed, id, time }: Position): HnItem {
  const random = contentRandom(seed, id);
  const content = createContentGenerator(random);
  const by = content.user();
  const title = content.jobTitle();
  // Some jobs link nowhere and describe themselves in `text`, as some real ones do.
  return random() < JOB_TEXT_SHARE
    ? { by, id, score: 1, text: content.jobText(title), time, title, type: 'job' }
    : { by, id, score: 1, time, title, type: 'job', url: content.url(title) };
}

function poll(at: Position): HnItem {
  const { seed, layout, p, id, limit } = at;
  const random = contentRandom(seed, id);
  const { by, question } = pollHead(random);
  const content = createContentGenerator(random);
  const parts: number[] = [];
  for (let q = p + 1; q <= limit && layout.kind[q] === KIND_POLLOPT; q++) {
    parts.push(layout.base + q);
  }
  return {
    by,
    descendants: descendants(at),
    id,
    ...kids(at),
    parts,
    score: score(random) + 20,
    text: content.askText(),
    time: at.time,
    title: question[0],
    type: 'poll',
  };
}

function pollOption({ seed, layout, p, id, time }: Position): HnItem {
  const pollPosition = layout.link[p] as number;
  const pollId = layout.base + pollPosition;
  // The option's author and text are the poll's: draw the poll's head again.
  const { by, question } = pollHead(contentRandom(seed, pollId));
  const random = contentRandom(seed, id);
  return {
    by,
    id,
    poll: pollId,
    score: Math.floor(random() * 120),
    text: question[1][p - pollPosition - 1] ?? 'Other',
    time,
    type: 'pollopt',
  };
}

function contentRandom(seed: number, id: number): Random {
  return createPrng(hashInts(seed, id, CONTENT_SALT));
}

function pollHead(random: Random): {
  by: string;
  question: (typeof POLL_QUESTIONS)[number];
} {
  const by = randomUser(random);
  return { by, question: pick(random, POLL_QUESTIONS) };
}

/** Heavy-tailed like front-page votes: most stories get a few points, some hundreds. */
function score(random: Random): number {
  const u = random();
  return Math.max(1, Math.round(Math.exp(u * u * 6.9)));
}

/** Comments of every sort that answer position `p`, in id order (omitted when none). */
function kids({ layout, p, limit, view }: Position): { kids?: number[] } {
  let out: number[] | undefined;
  const { kind, link } = layout;
  for (let q = p + 1; q <= limit; q++) {
    if (link[q] === p && isCommentKind(kind[q] as number) && !view.late.has(q)) {
      (out ??= []).push(layout.base + q);
    }
  }
  return out ? { kids: out } : {};
}

/** Live comments (neither dead nor deleted) in the thread under root position `p`. */
function descendants({ layout, p, limit, view }: Position): number {
  let n = 0;
  const { kind, root } = layout;
  for (let q = p + 1; q <= limit; q++) {
    if (root[q] === p && kind[q] === KIND_COMMENT && !view.late.has(q) && !view.gone(q)) n++;
  }
  return n;
}

/** Two to five sentences of HTML, sometimes quoting or linking, like a real comment. */
function commentText(random: Random): string {
  const n = COMMENT_SENTENCES.length;
  const count = 2 + Math.floor(random() * 4);
  // A stride below n / count visits distinct sentences.
  const step = 1 + Math.floor(random() * 3);
  let index = Math.floor(random() * n);
  const separator = random() < 0.5 ? '<p>' : ' ';
  let text = '';
  if (random() < 0.15) {
    text = `<i>&gt; ${sentence(random, (index + n - 1) % n)}</i><p>`;
  }
  for (let i = 0; i < count; i++) {
    if (i > 0) text += separator;
    text += sentence(random, index);
    index = (index + step) % n;
  }
  if (random() < 0.08) {
    const href = `https://${pick(random, BLOG_DOMAINS)}/${Math.floor(random() * 90000) + 10000}`;
    text += `<p><a href="${href}" rel="nofollow">${href}</a>`;
  }
  return text;
}

function sentence(random: Random, index: number): string {
  const text = COMMENT_SENTENCES[index] as string;
  return text.includes('{tech}') ? text.replace('{tech}', pick(random, TECHNOLOGIES)) : text;
}
