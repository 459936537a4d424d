import type { HackerNewsReport } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { reportSummary } from './report';

const REPORT: HackerNewsReport = {
  list: 'top',
  stories: [
    {
      id: 1,
      title: 'Show HN: a pipeline',
      by: 'pg',
      url: 'https://example.com/a',
      score: 10,
      time: 1_735_689_600,
      comments: 2,
      type: 'story',
    },
  ],
  topWords: [{ word: 'pipeline', count: 3 }],
  skipped: [
    { id: 2, reason: 'deleted' },
    { id: 3, reason: 'deleted' },
    { id: 4, reason: 'not-a-story' },
  ],
  newStoryIds: null,
  stored: true,
};

describe('reportSummary', () => {
  it('prints the stories, the top words, the skipped by reason and the ids', () => {
    const text = reportSummary(REPORT, { workflowId: 'wf', runId: 'run-1' }, 100);
    expect(text).toMatch(/^ *# +title +by +url/);
    expect(text).toContain('Show HN: a pipeline');
    expect(text).toContain('\n\nTop words in titles\n');
    expect(text).toMatch(/pipeline .*3/);
    expect(text).toContain('\n\nSkipped 3: 2 deleted, 1 not-a-story\n');
    expect(text.endsWith('\n\nWorkflow wf run run-1, stored')).toBe(true);
  });

  it('leaves out empty sections and says when the run was not stored', () => {
    const text = reportSummary(
      { ...REPORT, topWords: [], skipped: [], stored: false },
      { workflowId: 'wf', runId: 'run-1' },
      100,
    );
    expect(text).not.toContain('Top words');
    expect(text).not.toContain('Skipped');
    expect(text).toMatch(/\[1 rows x 3 columns\]\n\nWorkflow wf run run-1, not stored$/);
  });
});
