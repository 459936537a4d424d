import type { RunRecord, Story } from '@hn/contract';

/** A story with plausible values; `overrides` wins. */
export function makeStory(id: number, overrides: Partial<Story> = {}): Story {
  return {
    id,
    title: `Story ${id}`,
    by: `user${id}`,
    url: `https://example.com/${id}`,
    score: id * 10,
    time: 1_700_000_000 + id,
    comments: id % 7,
    type: 'story',
    ...overrides,
  };
}

/** A run of the top list with stories 1..3, one skipped item and two words; `overrides` wins. */
export function makeRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: 'run-1',
    workflowId: 'hn-top',
    list: 'top',
    startedAt: '2025-01-01T10:00:00.000Z',
    finishedAt: '2025-01-01T10:00:05.000Z',
    stories: [makeStory(1), makeStory(2), makeStory(3)],
    skipped: [{ id: 99, reason: 'deleted' }],
    topWords: [
      { word: 'rust', count: 2 },
      { word: 'postgres', count: 1 },
    ],
    ...overrides,
  };
}
