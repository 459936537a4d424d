import { describe, expect, it } from 'vitest';
import { scheduleListTable } from './schedule-list';

describe('the schedule list', () => {
  it('shows one row per schedule, and says when there is none', () => {
    const output = scheduleListTable([
      {
        scheduleId: 'hackernews-ingest',
        paused: true,
        spec: { text: 'every 1h' },
        nextActionTimes: ['2026-01-01T01:00:00.000Z'],
        workflowType: 'HackerNewsIngestWorkflow',
      },
    ]);
    expect(output.split('\n')).toHaveLength(2);
    expect(output).toMatch(
      /^hackernews-ingest +paused +every 1h +2026-01-01T01:00:00.000Z +HackerNewsIngestWorkflow$/m,
    );
    expect(scheduleListTable([])).toBe('No schedules.');
  });
});
