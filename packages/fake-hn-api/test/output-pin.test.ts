import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDataset, createItemSpace, type ItemSpace } from '../src/index';

// The fake API is a pure function of (seed, id, time): the same seed must serve the same bytes
// after any change to how the dataset, the content or the segment layouts are written. These
// digests were taken from the output before the generators were split into smaller functions;
// a change that alters one generated item, list or count fails here.

const sha256 = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

function itemsOf(space: ItemSpace, from: number, to: number, at?: number) {
  const out: unknown[] = [];
  for (let id = from; id <= to; id++) out.push(space.item(id, at));
  return out;
}

describe('generated output for fixed seeds', () => {
  it.each([
    [1, 'fa26d02b445fcaee0d34462b932c558c701246c5bdcb7137e1dd2c479dbd55a4'],
    [7, 'edf66f548a32cb1580cdfc04e55086c60f66220cd11619baaccad614b259345a'],
    [2.5, '007007b3792d1c1eb3aafc0786e57367013aa62452ef562eab6165dca236e65c'],
  ])('createDataset({ seed: %d }) is unchanged', (seed, digest) => {
    const dataset = createDataset({ seed });
    expect(
      sha256({
        items: [...dataset.items],
        lists: dataset.lists,
        composition: dataset.composition,
        maxItem: dataset.maxItem,
      }),
    ).toBe(digest);
  });

  it('a generated space serves the same items', () => {
    const space = createItemSpace({ seed: 3 });
    const served = [
      itemsOf(space, 1, 4_000),
      itemsOf(space, 42_598_000, 42_604_000),
      itemsOf(space, 42_990_000, 43_000_000),
    ];
    const types = new Set(served.flat().map((item) => (item as { type?: string } | null)?.type));
    expect([...types].sort()).toEqual(['comment', 'job', 'poll', 'pollopt', 'story', undefined]);
    expect(sha256(served)).toBe('4118149233a55f50bb8fff745148107ee730bc15cb73ea4acf2b17295d97cbf2');
  });

  it('a live space serves the same items and updates at the same times', () => {
    const clock = Date.parse('2026-12-06T12:00:00Z');
    const space = createItemSpace({ seed: 5, live: { clock: () => clock, speed: 0 } });
    const now = space.now();
    const top = space.maxItem;
    const atNow = itemsOf(space, top - 6_000, top, now);
    const served = [
      atNow,
      itemsOf(space, top - 6_000, top - 3_000, now + 6 * 3600),
      space.updates(now),
      space.updates(now + 3600),
    ];
    expect(atNow.filter((item) => item !== null).length).toBeGreaterThan(5_000);
    expect(sha256(served)).toBe('b17e5d5e135dd5467fcb3c4e2a44d70562b218df8848e3727dad64fef161449e');
  });
});
