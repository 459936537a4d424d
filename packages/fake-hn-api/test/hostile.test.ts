import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  duplicateIdsCase,
  garbledBodiesCase,
  hugeJsonCase,
  oversizedTitlesCase,
  scenarioOf,
  slowDripCase,
  startFakeHackerNewsApi,
  terminalSequencesCase,
  TERMINAL_SEQUENCES,
  type FakeHackerNewsApi,
} from '../src/index';

let api: FakeHackerNewsApi;

beforeEach(async () => {
  api = await startFakeHackerNewsApi({ scenario: { lists: {}, items: {} } });
});
afterEach(async () => {
  await api.close();
});

async function body(path: string): Promise<{ status: number; bytes: Buffer }> {
  const response = await fetch(`${api.baseUrl}${path}`);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('the fake API serving a hostile scenario', () => {
  it('serves a case list and its items byte for byte, and 404 for the rest', async () => {
    const terminal = terminalSequencesCase();
    api.setScenario(scenarioOf(terminal));
    const list = await body('/topstories.json');
    expect(JSON.parse(list.bytes.toString('utf8'))).toEqual(terminal.ids);
    const first = await body(`/item/${terminal.ids[0]}.json`);
    expect(JSON.parse(first.bytes.toString('utf8'))).toMatchObject({
      title: `Title ${TERMINAL_SEQUENCES.csi} end`,
    });
    expect((await body('/item/1.json')).status).toBe(404);
    expect((await body('/maxitem.json')).status).toBe(404);
    expect(api.requests(`/item/${terminal.ids[0]}.json`)).toBe(1);
    expect(api.requests()).toBe(4);
  });

  it('serves raw bodies as given, garbled and nested ones included', async () => {
    api.setScenario(scenarioOf(garbledBodiesCase()));
    const truncated = await body('/item/5001.json');
    expect(() => JSON.parse(truncated.bytes.toString('utf8')) as unknown).toThrow(SyntaxError);
    expect((await body('/item/5003.json')).bytes).toHaveLength(0);

    api.setScenario(scenarioOf(hugeJsonCase()));
    const nested = await body('/item/8001.json');
    expect(nested.bytes.length).toBeGreaterThan(200_000);
    expect((await body('/item/8004.json')).bytes.length).toBeGreaterThan(1_500_000);
  });

  it('serves the oversized and duplicate cases as they say', async () => {
    const oversized = oversizedTitlesCase(3, 30_000);
    api.setScenario(scenarioOf(oversized));
    const item: unknown = JSON.parse(
      (await body(`/item/${oversized.ids[2]}.json`)).bytes.toString('utf8'),
    );
    expect((item as { title: string }).title).toHaveLength(30_000);

    api.setScenario(scenarioOf(duplicateIdsCase()));
    expect(JSON.parse((await body('/newstories.json')).bytes.toString('utf8'))).toEqual([
      3001, 3002, 3001, 3003, 3002, 3001,
    ]);
  });

  it('drips a body slower than a client waits, and close ends the drip at once', async () => {
    api.setScenario(scenarioOf(slowDripCase(100)));
    const started = performance.now();
    const timedOut = await fetch(`${api.baseUrl}/item/4001.json`, {
      signal: AbortSignal.timeout(300),
    })
      .then((response) => response.text())
      .then(
        () => 'complete',
        (error: unknown) => (error as Error).name,
      );
    expect(timedOut).toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(2_000);

    const dripping = fetch(`${api.baseUrl}/item/4001.json`).then((response) => response.text());
    await expect.poll(() => api.requests('/item/4001.json')).toBe(2);
    const closing = performance.now();
    await api.close();
    await expect(dripping).rejects.toThrow();
    expect(performance.now() - closing).toBeLessThan(1_000);
  });
});
