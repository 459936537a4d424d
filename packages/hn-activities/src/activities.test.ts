import type { Info } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure, type Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonScenario, sendJson, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { hang, startApi, storyItem } from '../test/fake-api';
import {
  createActivities,
  type ActivitiesDeps,
  type FetchStoriesInput,
  type FetchStoriesResult,
  type FetchStoryIdsInput,
  type IncompleteBatchDetails,
} from './activities';
import { FAILURE_TYPES } from '@hn/contract';
import { createHackerNewsClient, type HackerNewsClient } from './hacker-news-client';
import { jsonBytes } from './payload-budget';
import type { PipelineStore, RunRecord, Story } from '@hn/contract';

const silentLogger: Logger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let server: FakeHackerNewsApi;
let client: HackerNewsClient;

beforeEach(async () => {
  server = await startApi();
  client = createHackerNewsClient({ baseUrl: server.baseUrl, timeoutMs: 5000 });
});

afterEach(async () => {
  await server.close();
  await client.close();
});

function activities(deps: Partial<ActivitiesDeps> = {}) {
  return createActivities({
    client,
    logger: silentLogger,
    itemRetry: { initialDelayMs: 1, maxDelayMs: 50 },
    ...deps,
  });
}

/** A mock activity environment that records every heartbeat. */
function environment(info: Partial<Info> = {}): {
  env: MockActivityEnvironment;
  heartbeats: unknown[];
} {
  const env = new MockActivityEnvironment(info, { logger: silentLogger });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  return { env, heartbeats };
}

/** `env.run` with the activity's own parameter and result types. */
function run<A extends unknown[], R>(
  env: MockActivityEnvironment,
  fn: (...args: A) => Promise<R>,
  ...args: A
): Promise<R> {
  return env.run<A, R, (...args: A) => Promise<R>>(fn, ...args);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
}

async function applicationFailure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

function story(id: number, extra: Partial<Story> = {}): Story {
  return {
    id,
    title: `Story ${id}`,
    by: `user${id}`,
    url: `https://example.com/${id}`,
    score: id,
    time: 1_700_000_000 + id,
    comments: 2 * id,
    type: 'story',
    ...extra,
  };
}

const itemCount = (id: number): number => server.requests(`/item/${id}.json`);

describe('fetchStoryIds', () => {
  it('returns the first limit ids of the list', async () => {
    server.setScenario(jsonScenario({ lists: { best: [5, 4, 3, 2, 1] } }));
    const { env } = environment();
    await expect(run(env, activities().fetchStoryIds, { list: 'best', limit: 3 })).resolves.toEqual(
      [5, 4, 3],
    );
  });

  it('fails non-retryably when the list is not found', async () => {
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().fetchStoryIds, { list: 'top', limit: 3 }),
    );
    expect(failure.type).toBe(FAILURE_TYPES.notFound);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/\/topstories\.json failed: HTTP 404$/);
    expect(server.requests('/topstories.json')).toBe(1);
  });

  it('keeps a 5xx retryable', async () => {
    server.setHandler((_path, _req, res) => sendJson(res, 'down', 502));
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().fetchStoryIds, { list: 'top', limit: 3 }),
    );
    expect(failure.type).toBe(FAILURE_TYPES.serverError);
    expect(failure.nonRetryable).toBe(false);
    // A list is retried by Temporal, not inside the activity.
    expect(server.requests('/topstories.json')).toBe(1);
  });

  it.each([
    [{ list: 'hot', limit: 3 }, /list: must be one of top, new, best, ask, show, job/],
    [{ list: 'top', limit: 0 }, /limit: /],
    [{ list: 'top', limit: 501 }, /limit: must be at most 500/],
  ])('rejects %o as InvalidInput', async (input, message) => {
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().fetchStoryIds, input as unknown as FetchStoryIdsInput),
    );
    expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(failure.message).toMatch(/^fetchStoryIds: invalid input: /);
    expect(failure.message).toMatch(message);
    expect(server.requests()).toBe(0);
  });
});

describe('fetchStories', () => {
  const mixedItems = {
    1: storyItem(1),
    2: storyItem(2, { url: undefined, title: 'Ask HN: Anything?' }),
    3: { id: 3, type: 'comment', by: 'c', time: 1, parent: 1, text: 'hi' },
    4: { id: 4, deleted: true, type: 'story', time: 1 },
    5: storyItem(5, { dead: true }),
    6: null,
    8: storyItem(8, { time: 'yesterday' }),
    9: storyItem(9, { by: undefined }),
    10: { id: 10, type: 'job', by: 'yc', time: 10, title: 'Hiring', score: 1 },
  };

  it('maps every item to a story or a skip, in id order, and heartbeats progress', async () => {
    server.setScenario(jsonScenario({ items: mixedItems }));
    const { env, heartbeats } = environment();
    const ids = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const result = await run(env, activities().fetchStories, { ids, concurrency: 4 });

    expect(result.stories).toEqual([
      story(10, {
        title: 'Hiring',
        by: 'yc',
        url: 'https://news.ycombinator.com/item?id=10',
        score: 1,
        time: 10,
        comments: 0,
        type: 'job',
      }),
      story(2, { title: 'Ask HN: Anything?', url: 'https://news.ycombinator.com/item?id=2' }),
      story(1),
    ]);
    expect(result.skipped.map((s) => [s.id, s.reason])).toEqual([
      [9, 'invalid-payload'],
      [8, 'invalid-payload'],
      [7, 'not-found'],
      [6, 'null'],
      [5, 'dead'],
      [4, 'deleted'],
      [3, 'not-a-story'],
    ]);
    expect(result.skipped.find((s) => s.id === 8)?.detail).toMatch(/time: /);
    expect(result.skipped.find((s) => s.id === 9)?.detail).toBe('missing required field(s): by');

    expect(heartbeats[0]).toEqual({ stories: [], skipped: [] });
    expect(heartbeats.at(-1)).toEqual(result);
    const doneCounts = heartbeats.map((h) => {
      const { stories, skipped } = h as FetchStoriesResult;
      return stories.length + skipped.length;
    });
    expect(doneCounts).toEqual([...doneCounts].sort((a, b) => a - b));
    expect(new Set(doneCounts).size).toBe(ids.length + 1);
    for (const id of ids) expect(itemCount(id)).toBe(1);
  });

  it('bounds its own concurrency', async () => {
    const ids = [1, 2, 3, 4, 5, 6];
    server.setScenario(
      jsonScenario({ items: Object.fromEntries(ids.map((id) => [id, storyItem(id)])) }),
    );
    const pending: Array<() => void> = [];
    server.setHandler((path, _req, res, next) => {
      pending.push(() => next());
      if (pending.length < 2) return;
      // Hold each full pair a moment so a third concurrent request would show up in flight.
      const batch = pending.splice(0);
      setTimeout(() => batch.forEach((send) => send()), 20);
    });
    const { env } = environment();
    const result = await run(env, activities().fetchStories, { ids, concurrency: 2 });
    expect(result.stories.map((s) => s.id)).toEqual(ids);
    expect(server.stats().maxInFlight).toBe(2);
  });

  it('resumes from heartbeat details and fetches only the remaining ids', async () => {
    server.setScenario(jsonScenario({ items: { 3: storyItem(3), 4: null } }));
    const { env, heartbeats } = environment({
      heartbeatDetails: {
        stories: [story(2), story(1), story(99)],
        skipped: [{ id: 5, reason: 'deleted' }],
      },
    });
    const result = await run(env, activities().fetchStories, { ids: [1, 2, 3, 4, 5] });

    expect(result).toEqual({
      stories: [story(1), story(2), story(3)],
      skipped: [
        { id: 4, reason: 'null' },
        { id: 5, reason: 'deleted' },
      ],
    });
    expect(heartbeats[0]).toEqual({
      stories: [story(1), story(2)],
      skipped: [{ id: 5, reason: 'deleted' }],
    });
    expect([1, 2, 5, 99].map(itemCount)).toEqual([0, 0, 0, 0]);
    expect([3, 4].map(itemCount)).toEqual([1, 1]);
  });

  it('ignores unreadable heartbeat details and fetches everything', async () => {
    server.setScenario(jsonScenario({ items: { 1: storyItem(1) } }));
    const { env } = environment({ heartbeatDetails: { version: 0, done: [1] } });
    const result = await run(env, activities().fetchStories, { ids: [1] });
    expect(result.stories).toEqual([story(1)]);
    expect(itemCount(1)).toBe(1);
  });

  it('retries a transient item failure inside the activity', async () => {
    server.setScenario(jsonScenario({ items: { 1: storyItem(1), 2: storyItem(2) } }));
    let failures = 0;
    server.setHandler((path, _req, res, next) => {
      if (path === '/item/2.json' && failures < 2) {
        failures += 1;
        sendJson(res, 'boom', 500);
        return;
      }
      next();
    });
    const { env } = environment();
    const result = await run(env, activities().fetchStories, { ids: [1, 2] });
    expect(result.stories.map((s) => s.id)).toEqual([1, 2]);
    expect(itemCount(2)).toBe(3);
  });

  it('fails retryably after heartbeating what it finished, and the retry fetches only the failures', async () => {
    server.setScenario(
      jsonScenario({
        items: { 1: storyItem(1), 2: storyItem(2), 3: storyItem(3), 4: null },
      }),
    );
    server.setHandler((path, _req, res, next) => {
      if (path === '/item/3.json') sendJson(res, 'unavailable', 503);
      else next();
    });
    const first = environment();
    const failure = await applicationFailure(
      run(first.env, activities().fetchStories, { ids: [1, 2, 3, 4] }),
    );

    expect(failure.type).toBe(FAILURE_TYPES.incompleteBatch);
    expect(failure.nonRetryable).toBe(false);
    const [details] = failure.details as [IncompleteBatchDetails];
    expect(details.failedIds).toEqual([3]);
    expect(details.partial.stories.map((s) => s.id)).toEqual([1, 2]);
    expect(details.partial.skipped).toEqual([{ id: 4, reason: 'null' }]);
    expect(failure.cause).toMatchObject({ type: FAILURE_TYPES.serverError });
    expect(failure.message).toMatch(/^1 of 4 items still fail with retryable errors/);
    expect(itemCount(3)).toBe(3);
    const lastHeartbeat = first.heartbeats.at(-1) as FetchStoriesResult;
    expect(lastHeartbeat).toEqual({
      stories: [story(1), story(2)],
      skipped: [{ id: 4, reason: 'null' }],
    });

    server.setHandler(undefined);
    const second = environment({ heartbeatDetails: lastHeartbeat, attempt: 2 });
    const result = await run(second.env, activities().fetchStories, { ids: [1, 2, 3, 4] });
    expect(result).toEqual({
      stories: [story(1), story(2), story(3)],
      skipped: [{ id: 4, reason: 'null' }],
    });
    expect([1, 2, 3, 4].map(itemCount)).toEqual([1, 1, 4, 1]);
  });

  it('leaves a long Retry-After to Temporal through nextRetryDelay', async () => {
    server.setHandler((_path, _req, res) =>
      sendJson(res, 'slow down', 429, { 'retry-after': '60' }),
    );
    const { env } = environment();
    const failure = await applicationFailure(run(env, activities().fetchStories, { ids: [1] }));
    expect(failure.type).toBe(FAILURE_TYPES.incompleteBatch);
    expect(failure.nextRetryDelay).toBe(60_000);
    expect(failure.cause).toMatchObject({ type: FAILURE_TYPES.rateLimited });
    expect(itemCount(1)).toBe(1);
  });

  it('stops the batch non-retryably on a client error', async () => {
    server.setScenario(jsonScenario({ items: { 1: storyItem(1) } }));
    server.setHandler((path, _req, res, next) => {
      if (path === '/item/2.json') sendJson(res, 'forbidden', 403);
      else next();
    });
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().fetchStories, { ids: [1, 2], concurrency: 1 }),
    );
    expect(failure).toMatchObject({ type: FAILURE_TYPES.clientError, nonRetryable: true });
    expect(failure.message).toMatch(/\/item\/2\.json failed: HTTP 403$/);
    expect([1, 2].map(itemCount)).toEqual([1, 1]);
  });

  it('aborts in-flight requests at once when cancelled', async () => {
    server.setHandler(hang);
    const { env } = environment();
    const running = run(env, activities().fetchStories, {
      ids: [1, 2, 3, 4, 5, 6, 7, 8],
      concurrency: 4,
    });
    await server.waitFor((s) => s.inFlight === 4);
    const started = performance.now();
    env.cancel();
    const error = await rejection(running);
    expect(error).toBeInstanceOf(CancelledFailure);
    expect(performance.now() - started).toBeLessThan(1000);
    await server.waitFor((s) => s.inFlight === 0);
    expect(server.stats().abortedByClient).toBe(4);
    expect(Object.keys(server.stats().byItem)).toHaveLength(4);
  });

  it('fetches a repeated id once and reports its later occurrences as duplicates', async () => {
    server.setScenario(jsonScenario({ items: { 1: storyItem(1), 2: null } }));
    const { env, heartbeats } = environment();
    const result = await run(env, activities().fetchStories, { ids: [1, 2, 1, 1, 2] });
    expect(result).toEqual({
      stories: [story(1)],
      skipped: [
        { id: 2, reason: 'null' },
        { id: 1, reason: 'duplicate', detail: 'also at position 1 of the batch' },
        { id: 1, reason: 'duplicate', detail: 'also at position 1 of the batch' },
        { id: 2, reason: 'duplicate', detail: 'also at position 2 of the batch' },
      ],
    });
    expect([1, 2].map(itemCount)).toEqual([1, 1]);

    // A retry resumes from that heartbeat: duplicates are derived again, never taken as outcomes.
    const again = environment({ heartbeatDetails: heartbeats.at(-1) });
    await expect(
      run(again.env, activities().fetchStories, { ids: [1, 2, 1, 1, 2] }),
    ).resolves.toEqual(result);
    expect([1, 2].map(itemCount)).toEqual([1, 1]);
  });

  it('keeps each failed id its own failure in an incomplete batch', async () => {
    server.setScenario(jsonScenario({ items: { 1: storyItem(1) } }));
    server.setHandler((path, _req, res, next) => {
      if (path === '/item/2.json') sendJson(res, 'unavailable', 503);
      else if (path === '/item/3.json') res.destroy();
      else if (path === '/item/4.json') sendJson(res, 'slow down', 429);
      else next();
    });
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().fetchStories, { ids: [1, 2, 3, 4], concurrency: 1 }),
    );
    const [details] = failure.details as [IncompleteBatchDetails];
    expect(details.failedIds).toEqual([2, 3, 4]);
    expect(details.failures.map((f) => [f.id, f.type])).toEqual([
      [2, FAILURE_TYPES.serverError],
      [3, FAILURE_TYPES.network],
      [4, FAILURE_TYPES.rateLimited],
    ]);
    expect(details.failures[0]!.message).toBe(`GET ${server.baseUrl}/item/2.json failed: HTTP 503`);
    expect(details.failures[1]!.message).toMatch(/^GET .*\/item\/3\.json failed: /);
    expect(details.failures[2]!.message).toBe(`GET ${server.baseUrl}/item/4.json failed: HTTP 429`);
    expect(details.partial.stories.map((s) => s.id)).toEqual([1]);
  });

  it('keeps its result, heartbeats and failure details within maxResultBytes for any content', async () => {
    // The worst content for JSON: every character of every field escapes to 6 bytes.
    const worst = (id: number) =>
      storyItem(id, {
        title: '\u0001'.repeat(5_000),
        by: '\u0002'.repeat(1_000),
        url: `https://example.com/${'"'.repeat(1_900)}`,
      });
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const items = Object.fromEntries(ids.map((id) => [id, worst(id)]));
    server.setScenario(jsonScenario({ items }));
    server.setHandler((path, _req, res, next) => {
      if (path === '/item/100.json') sendJson(res, 'down', 503);
      else next();
    });
    const maxResultBytes = 100 * 1024;
    const { env, heartbeats } = environment();
    const failure = await applicationFailure(
      run(env, activities().fetchStories, { ids, concurrency: 20, maxResultBytes }),
    );
    const [details] = failure.details as [IncompleteBatchDetails];
    expect(details.partial.stories).toHaveLength(99);
    expect(jsonBytes(details)).toBeLessThanOrEqual(maxResultBytes);
    expect(Math.max(...heartbeats.map(jsonBytes))).toBeLessThanOrEqual(maxResultBytes);
    for (const fitted of details.partial.stories) {
      expect(fitted.flags).toContain('title-truncated');
      expect(fitted.title.length).toBeGreaterThan(0);
    }

    server.setHandler(undefined);
    const second = environment({ heartbeatDetails: heartbeats.at(-1) });
    const result = await run(second.env, activities().fetchStories, { ids, maxResultBytes });
    expect(result.stories.map((s) => s.id)).toEqual(ids);
    expect(jsonBytes(result)).toBeLessThanOrEqual(maxResultBytes);
    // Without the budget, the same stories take 22 times as much.
    expect(jsonBytes(items)).toBeGreaterThan(22 * maxResultBytes);
  });

  it('runs 200 requests at once on one cancellation signal without a listener warning', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => i + 1);
    server.setScenario(
      jsonScenario({ items: Object.fromEntries(ids.map((id) => [id, storyItem(id)])) }),
    );
    server.setHandler((path, _req, res, next) => {
      // Even items fail once, so backoff waits are in flight on the signal too.
      const id = Number(/(\d+)/.exec(path)?.[1]);
      if (id % 2 === 0 && server.requests(path) === 1) sendJson(res, 'busy', 503);
      else setTimeout(() => next(), 5);
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const wide = createHackerNewsClient({ baseUrl: server.baseUrl, maxConcurrency: 100 });
      const { env } = environment();
      const result = await run(env, activities({ client: wide }).fetchStories, {
        ids,
        concurrency: 200,
      });
      await wide.close();
      expect(result.stories).toHaveLength(300);
      expect(server.stats().maxInFlight).toBeGreaterThan(10);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it.each([
    [{ ids: [0] }, /ids\.0: /],
    [{ ids: [1.5] }, /ids\.0: /],
    [{ ids: ['1'] }, /ids\.0: /],
    [{ ids: [1, 2], maxResultBytes: 1023 }, /maxResultBytes: must leave at least 512 bytes/],
    [{ ids: [1], maxResultBytes: 448 * 1024 + 1 }, /maxResultBytes: must be at most 458752/],
    [{ ids: Array.from({ length: 501 }, (_, i) => i + 1) }, /ids: at most 500 ids per call/],
    [{ ids: [1], concurrency: 0 }, /concurrency: /],
    [{ ids: [1], concurrency: 201 }, /concurrency: /],
    [{}, /ids: /],
  ])('rejects %o as InvalidInput before any request', async (input, message) => {
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().fetchStories, input as unknown as FetchStoriesInput),
    );
    expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(failure.message).toMatch(/^fetchStories: invalid input: /);
    expect(failure.message).toMatch(message);
    expect(server.requests()).toBe(0);
  });
});

describe('extractTopWords', () => {
  it('wraps topWords', async () => {
    const { env } = environment();
    const words = await run(env, activities().extractTopWords, {
      titles: ['Show HN: Rust tool', 'Rust in production'],
      limit: 2,
    });
    expect(words).toEqual([
      { word: 'rust', count: 2 },
      { word: 'production', count: 1 },
    ]);
  });

  it('rejects bad input as InvalidInput', async () => {
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().extractTopWords, { titles: [1] as unknown as string[] }),
    );
    expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(failure.message).toMatch(/^extractTopWords: invalid input: titles\.0: /);
  });
});

describe('storeRun', () => {
  const record: RunRecord = {
    runId: 'run-1',
    workflowId: 'hn-top',
    list: 'top',
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:00:05.000Z',
    stories: [story(1)],
    skipped: [],
    topWords: [{ word: 'story', count: 1 }],
  };

  it('stores nothing without a store', async () => {
    const { env } = environment();
    await expect(run(env, activities().storeRun, record)).resolves.toEqual({ stored: false });
  });

  it('saves through the store', async () => {
    const saved: RunRecord[] = [];
    const store: PipelineStore = {
      saveRun: (run) => {
        saved.push(run);
        return Promise.resolve({
          storiesWritten: run.stories.length,
          runCreated: saved.length === 1,
        });
      },
      close: () => Promise.resolve(),
    };
    const { env } = environment();
    await expect(run(env, activities({ store }).storeRun, record)).resolves.toEqual({
      stored: true,
      storiesWritten: 1,
      runCreated: true,
    });
    expect(saved).toEqual([record]);
  });

  it('turns a store error into a retryable failure', async () => {
    const store: PipelineStore = {
      saveRun: () => Promise.reject(new Error('connection reset')),
      close: () => Promise.resolve(),
    };
    const { env } = environment();
    const failure = await applicationFailure(run(env, activities({ store }).storeRun, record));
    expect(failure).toMatchObject({ type: FAILURE_TYPES.storeFailed, nonRetryable: false });
    expect(failure.message).toBe('Saving run run-1 failed: connection reset');
  });

  it('rejects a record without runId as InvalidInput', async () => {
    const { env } = environment();
    const failure = await applicationFailure(
      run(env, activities().storeRun, { ...record, runId: '' }),
    );
    expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(failure.message).toMatch(/^storeRun: invalid input: runId: /);
  });
});
