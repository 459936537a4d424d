import type { HnItem } from '../item';

// A dataset item while `createDataset` writes it, and the item the API serves from it.

/** The kinds of top-level posts. */
export type PostKind = 'story' | 'ask' | 'show' | 'job' | 'poll' | 'deleted' | 'dead' | 'missing';
export type DraftKind = PostKind | 'pollopt' | 'comment';

/** An item being written: ids are given once every item exists, in creation-time order. */
export interface Draft {
  kind: DraftKind;
  time: number;
  seq: number;
  id: number;
  by: string;
  title: string;
  url?: string;
  text?: string;
  score: number;
  parent?: Draft;
  kids: Draft[];
  parts: Draft[];
}

function descendants(draft: Draft): number {
  let n = 0;
  for (const kid of draft.kids) n += 1 + descendants(kid);
  return n;
}

function kidIds(draft: Draft): { kids?: number[] } {
  return draft.kids.length > 0 ? { kids: draft.kids.map((kid) => kid.id) } : {};
}

/**
 * The item `draft` is, as the API serves it, or `undefined` for a missing id. Keys are in
 * alphabetical order, as the real API serves them.
 */
export function toItem(draft: Draft): HnItem | undefined {
  const { by, id, score, time, title } = draft;
  switch (draft.kind) {
    case 'missing':
      return undefined;
    case 'deleted':
      return { deleted: true, id, time, type: 'story' };
    case 'story':
    case 'show':
    case 'dead':
      return {
        by,
        ...(draft.kind === 'dead' ? { dead: true as const } : {}),
        descendants: descendants(draft),
        id,
        ...kidIds(draft),
        score,
        time,
        title,
        type: 'story',
        url: draft.url as string,
      };
    case 'ask':
      return {
        by,
        descendants: descendants(draft),
        id,
        ...kidIds(draft),
        score,
        text: draft.text as string,
        time,
        title,
        type: 'story',
      };
    case 'job':
      return draft.url !== undefined
        ? { by, id, score, time, title, type: 'job', url: draft.url }
        : { by, id, score, text: draft.text as string, time, title, type: 'job' };
    case 'poll':
      return {
        by,
        descendants: descendants(draft),
        id,
        ...kidIds(draft),
        parts: draft.parts.map((part) => part.id),
        score,
        text: draft.text as string,
        time,
        title,
        type: 'poll',
      };
    case 'pollopt':
      return {
        by,
        id,
        poll: (draft.parent as Draft).id,
        score,
        text: draft.text as string,
        time,
        type: 'pollopt',
      };
    case 'comment':
      return {
        by,
        id,
        ...kidIds(draft),
        parent: (draft.parent as Draft).id,
        text: draft.text as string,
        time,
        type: 'comment',
      };
  }
}
