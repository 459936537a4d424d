import { STORY_LISTS } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import {
  createDataset,
  DATASET_FIRST_ID,
  defineDataset,
  FakeHnApiError,
  type HnItem,
} from '../src/index';

const dataset = createDataset();
const item = (id: number): HnItem | undefined => dataset.items.get(id);

function isOrdinaryStory(value: HnItem | undefined): boolean {
  return (
    value !== undefined &&
    !('deleted' in value) &&
    value.type === 'story' &&
    !('dead' in value && value.dead) &&
    typeof value.url === 'string' &&
    !value.title.startsWith('Ask HN:') &&
    !value.title.startsWith('Show HN:')
  );
}

describe('createDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = createDataset({ seed: 1 });
    expect(JSON.stringify([...again.items])).toBe(JSON.stringify([...dataset.items]));
    expect(again.lists).toEqual(dataset.lists);
    const other = createDataset({ seed: 2 });
    expect(other.lists.top).not.toEqual(dataset.lists.top);
    expect(other.composition.stories).toBe(dataset.composition.stories);
  });

  it('has the documented composition', () => {
    expect(dataset.composition).toMatchObject({
      stories: 760,
      askStories: 90,
      showStories: 90,
      jobs: 40,
      jobsWithUrl: 30,
      jobsWithText: 10,
      polls: 6,
      pollOptions: 24,
      deleted: 24,
      dead: 24,
      missing: 20,
      firstItem: DATASET_FIRST_ID,
    });
    expect(dataset.composition.comments).toBeGreaterThan(1000);
    expect(dataset.items.size).toBe(dataset.composition.totalItems);
    expect(dataset.items.size).toBeGreaterThanOrEqual(600);
    expect(dataset.maxItem - DATASET_FIRST_ID + 1).toBe(
      dataset.items.size + dataset.composition.missing,
    );
  });

  it('matches the numbers the README gives for the default seed', () => {
    expect(dataset.composition).toMatchObject({
      comments: 4866,
      totalItems: 5924,
      maxItem: 42_605_944,
    });
  });

  it('counts each kind the way the composition says', () => {
    const all = [...dataset.items.values()];
    const live = all.filter((i) => !('deleted' in i));
    expect(all.filter((i) => 'deleted' in i)).toHaveLength(24);
    expect(live.filter((i) => 'dead' in i)).toHaveLength(24);
    expect(live.filter((i) => i.type === 'job')).toHaveLength(40);
    expect(live.filter((i) => i.type === 'poll')).toHaveLength(6);
    expect(live.filter((i) => i.type === 'comment')).toHaveLength(dataset.composition.comments);
  });

  it('serves list lengths like the real API', () => {
    expect(dataset.lists.top).toHaveLength(500);
    expect(dataset.lists.new).toHaveLength(500);
    expect(dataset.lists.best).toHaveLength(500);
    for (const name of ['ask', 'show', 'job'] as const) {
      expect(dataset.lists[name].length).toBeGreaterThan(0);
      expect(dataset.lists[name].length).toBeLessThanOrEqual(200);
    }
    for (const name of STORY_LISTS) {
      expect(new Set(dataset.lists[name]).size).toBe(dataset.lists[name].length);
      for (const id of dataset.lists[name]) {
        expect(id).toBeGreaterThanOrEqual(DATASET_FIRST_ID);
        expect(id).toBeLessThanOrEqual(dataset.maxItem);
      }
    }
  });

  it('starts topstories with ordinary stories and puts special items in the first 30', () => {
    const top = dataset.lists.top;
    expect(top.slice(0, 10).every((id) => isOrdinaryStory(item(id)))).toBe(true);
    const first30 = top.slice(0, 30).map((id) => [id, item(id)] as const);
    expect(first30.some(([, i]) => i === undefined)).toBe(true);
    expect(first30.some(([, i]) => i !== undefined && 'deleted' in i)).toBe(true);
    expect(first30.some(([, i]) => i !== undefined && 'dead' in i)).toBe(true);
    expect(first30.some(([, i]) => i?.type === 'job')).toBe(true);
    expect(
      first30.some(
        ([, i]) =>
          i?.type === 'story' && !('url' in i) && 'title' in i && i.title.startsWith('Ask HN:'),
      ),
    ).toBe(true);
    const rest = top.slice(30).map(item);
    expect(rest.filter((i) => i === undefined).length).toBeGreaterThan(0);
    expect(rest.filter((i) => i !== undefined && 'deleted' in i).length).toBeGreaterThan(0);
  });

  it('keeps every list to its kind', () => {
    for (const id of dataset.lists.ask) {
      const ask = item(id);
      expect(ask).toMatchObject({
        type: 'story',
        title: expect.stringMatching(/^Ask HN: /) as unknown,
        text: expect.any(String) as unknown,
      });
      expect(ask).not.toHaveProperty('url');
    }
    for (const id of dataset.lists.show) {
      expect(item(id)).toMatchObject({
        type: 'story',
        title: expect.stringMatching(/^Show HN: /) as unknown,
        url: expect.any(String) as unknown,
      });
    }
    for (const id of dataset.lists.job) {
      const job = item(id);
      expect(job).toMatchObject({ type: 'job' });
      expect(job).not.toHaveProperty('descendants');
      expect(job).not.toHaveProperty('kids');
    }
    const bestScores = dataset.lists.best.map((id) => (item(id) as { score: number }).score);
    expect(bestScores).toEqual([...bestScores].sort((a, b) => b - a));
    expect(dataset.lists.new).toEqual([...dataset.lists.new].sort((a, b) => b - a));
  });

  it('writes realistic titles, including non-ASCII ones', () => {
    const titles = [...dataset.items.values()].flatMap((i) => ('title' in i ? [i.title] : []));
    const joined = titles.join('\n');
    expect(joined).toMatch(/Gröbner/);
    expect(joined).toMatch(/naïve|Naïve/);
    expect(joined).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(joined).toMatch(/\p{Extended_Pictographic}/u);
    expect(titles.every((t) => t.length > 5 && t.length <= 120 && t === t.trim())).toBe(true);
    expect(new Set(titles).size / titles.length).toBeGreaterThan(0.95);
  });

  it('links comments, kids, descendants and poll parts consistently', () => {
    const countDescendants = (id: number): number => {
      const node = item(id) as { kids?: number[] };
      return (node.kids ?? []).reduce((n, kid) => n + 1 + countDescendants(kid), 0);
    };
    for (const value of dataset.items.values()) {
      if ('deleted' in value) {
        expect(Object.keys(value).sort()).toEqual(['deleted', 'id', 'time', 'type']);
        continue;
      }
      if ('kids' in value && value.kids) {
        for (const kid of value.kids) {
          expect(kid).toBeGreaterThan(value.id);
          expect(item(kid)).toMatchObject({ type: 'comment', parent: value.id });
        }
      }
      if ('descendants' in value) expect(value.descendants).toBe(countDescendants(value.id));
      if (value.type === 'poll') {
        for (const part of value.parts)
          expect(item(part)).toMatchObject({ type: 'pollopt', poll: value.id });
      }
    }
  });

  it('rejects a bad seed', () => {
    expect(() => createDataset({ seed: Number.NaN })).toThrow(FakeHnApiError);
  });
});

describe('defineDataset', () => {
  it('builds a small dataset with empty lists by default', () => {
    const small = defineDataset({
      items: [
        {
          id: 7,
          type: 'story',
          by: 'a',
          title: 'T',
          url: 'https://x.test/',
          score: 1,
          time: 1,
          descendants: 0,
        },
      ],
      lists: { top: [7, 8] },
    });
    expect(small.maxItem).toBe(7);
    expect(small.lists.top).toEqual([7, 8]);
    expect(small.lists.job).toEqual([]);
  });

  it('rejects duplicate ids', () => {
    const story = {
      id: 1,
      type: 'story' as const,
      by: 'a',
      title: 'T',
      score: 1,
      time: 1,
      descendants: 0,
    };
    expect(() => defineDataset({ items: [story, story] })).toThrow(/duplicate item id 1/);
  });
});
