import { FIELD_LIMITS } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { HackerNewsApiError, type HackerNewsErrorCode } from './errors';
import type { RawItem } from './raw-item';
import { skippedFromError, toStoryOutcome } from './story';

const story: RawItem = {
  id: 1,
  type: 'story',
  by: 'pg',
  time: 1_160_418_111,
  title: 'Y Combinator',
  url: 'http://ycombinator.com',
  score: 57,
  descendants: 15,
};

describe('toStoryOutcome', () => {
  it('maps a story with every field', () => {
    expect(toStoryOutcome(1, story)).toEqual({
      kind: 'story',
      story: {
        id: 1,
        title: 'Y Combinator',
        by: 'pg',
        url: 'http://ycombinator.com',
        score: 57,
        time: 1_160_418_111,
        comments: 15,
        type: 'story',
      },
    });
  });

  it.each([
    ['an Ask HN post', { ...story, url: undefined }],
    ['an empty url', { ...story, url: '' }],
    [
      'a job',
      { ...story, type: 'job' as const, url: undefined, score: undefined, descendants: undefined },
    ],
  ])('falls back to the item page for %s', (_name, item) => {
    const outcome = toStoryOutcome(1, item);
    expect(outcome.kind).toBe('story');
    if (outcome.kind !== 'story') return;
    expect(outcome.story.url).toBe('https://news.ycombinator.com/item?id=1');
    if (item.type === 'job')
      expect(outcome.story).toMatchObject({ score: 0, comments: 0, type: 'job' });
  });

  it.each([
    ['null', null, 'null'],
    ['deleted', { id: 1, deleted: true, type: 'comment' as const }, 'deleted'],
    ['dead', { ...story, dead: true }, 'dead'],
    ['a comment', { id: 1, type: 'comment' as const, by: 'a', time: 1, text: 'hi' }, 'not-a-story'],
    ['a poll option', { id: 1, type: 'pollopt' as const, by: 'a', time: 1 }, 'not-a-story'],
    ['a live story without by', { ...story, by: undefined }, 'invalid-payload'],
    ['a story without title', { ...story, title: undefined }, 'invalid-payload'],
    ['an item without type', { ...story, type: undefined }, 'invalid-payload'],
  ] as const)('skips %s', (_name, item, reason) => {
    const outcome = toStoryOutcome(1, item);
    expect(outcome).toMatchObject({ kind: 'skipped', skipped: { id: 1, reason } });
  });

  it('names the missing fields', () => {
    expect(toStoryOutcome(1, { ...story, by: undefined, time: undefined })).toEqual({
      kind: 'skipped',
      skipped: { id: 1, reason: 'invalid-payload', detail: 'missing required field(s): by, time' },
    });
  });
});

describe('toStoryOutcome limits', () => {
  const storyOf = (item: RawItem) => {
    const outcome = toStoryOutcome(1, item);
    if (outcome.kind !== 'story') throw new Error(`expected a story, got ${outcome.kind}`);
    return outcome.story;
  };

  it('keeps terminal sequences in a title and author as data, with no flag', () => {
    const title =
      '\u001b[2J\u001b]52;c;aGk=\u0007 \u001b]8;;https://x\u0007t\u001b]8;;\u0007\r\u009b\u202e';
    const result = storyOf({ ...story, title, by: '\u001b[31mpg' });
    expect(result).toMatchObject({ title, by: '\u001b[31mpg' });
    expect('flags' in result).toBe(false);
  });

  it('cuts a long title and author to their caps, flagged', () => {
    const result = storyOf({ ...story, title: 'T'.repeat(30_000), by: 'b'.repeat(1_000) });
    expect(result.title).toBe('T'.repeat(FIELD_LIMITS.title));
    expect(result.by).toBe('b'.repeat(FIELD_LIMITS.by));
    expect(result.flags).toEqual(['title-truncated', 'by-truncated']);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'notaurl'])(
    'replaces the url %j by the item page, flagged',
    (url) => {
      const result = storyOf({ ...story, url });
      expect(result.url).toBe('https://news.ycombinator.com/item?id=1');
      expect(result.flags).toEqual(['url-replaced']);
    },
  );

  it('repairs NUL in a title, flagged', () => {
    const result = storyOf({ ...story, title: 'a\u0000b' });
    expect(result.title).toBe('a\ufffdb');
    expect(result.flags).toEqual(['text-repaired']);
  });
});

describe('skippedFromError', () => {
  const error = (code: HackerNewsErrorCode): HackerNewsApiError =>
    new HackerNewsApiError({ code, url: 'http://x/item/1.json', message: `failed ${code}` });

  it('turns permanent per-item failures into skips', () => {
    expect(skippedFromError(1, error('NOT_FOUND'))).toEqual({
      id: 1,
      reason: 'not-found',
      detail: 'failed NOT_FOUND',
    });
    expect(skippedFromError(1, error('INVALID_PAYLOAD'))?.reason).toBe('invalid-payload');
    expect(skippedFromError(1, error('RESPONSE_TOO_LARGE'))?.reason).toBe('too-large');
  });

  it.each(['NETWORK', 'TIMEOUT', 'HTTP_5XX', 'RATE_LIMITED', 'HTTP_4XX', 'ABORTED'] as const)(
    'leaves %s to the caller',
    (code) => {
      expect(skippedFromError(1, error(code))).toBeUndefined();
    },
  );
});
