import { waitFor } from '@hn/testing';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsIngestWorkflow, type HackerNewsIngestResult } from '../src';
import {
  expectedCounts,
  expectWindowIds,
  startIngestHarness,
  type IngestHarness,
} from './ingest-helpers';

// The time-skipping server has no Schedules (and rejects TemporalScheduledStartTime at start), so
// the scheduled window is checked here on a dev server, through a real Schedule's backfill.
const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

let h: IngestHarness;

beforeAll(async () => {
  h = await startIngestHarness({ server: 'dev', taskQueue: 'hn-ingest-schedule' });
});
afterAll(async () => {
  await h?.close();
});

describe('HackerNewsIngestWorkflow under a Schedule', () => {
  it('ingests the hour before the scheduled time of a backfilled run', async () => {
    const hour = Math.floor(h.space.itemTime(500_000)! / 3600) * 3600 + 3600;
    const scheduled = new Date(hour * 1000);
    const schedule = await h.env.client.schedule.create({
      scheduleId: 'ingest-hourly',
      spec: { intervals: [{ every: '1h' }] },
      action: {
        type: 'startWorkflow',
        workflowType: HackerNewsIngestWorkflow,
        workflowId: 'ingest-hourly',
        taskQueue: h.taskQueue,
        args: [{ chunkSize: 500 }],
      },
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
      state: { paused: true },
    });
    try {
      const { result, attribute } = await h.withWorker(async () => {
        await schedule.backfill({
          start: new Date(scheduled.getTime() - 1000),
          end: new Date(scheduled.getTime() + 1000),
          overlap: ScheduleOverlapPolicy.ALLOW_ALL,
        });
        const action = await waitFor('the backfilled run', async () => {
          const { info } = await schedule.describe();
          return info.recentActions[0]?.action;
        });
        const run = h.env.client.workflow.getHandle(
          action.workflow.workflowId,
          action.workflow.firstExecutionRunId,
        );
        const value = (await run.result()) as HackerNewsIngestResult;
        const description = await run.describe();
        return {
          result: value,
          attribute: description.typedSearchAttributes.get(SCHEDULED_START_TIME),
        };
      });

      expect(attribute?.toISOString()).toBe(scheduled.toISOString());
      const range = { fromId: result.fromId, toId: result.toId };
      expectWindowIds(h.space, { start: hour - 3600, end: hour }, range);
      expect(result).toMatchObject({
        window: {
          start: new Date((hour - 3600) * 1000).toISOString(),
          end: scheduled.toISOString(),
        },
        ...range,
        counts: expectedCounts(h.space, range.fromId, range.toId),
      });
      expect(await h.store.itemStats(range)).toMatchObject({ gaps: 0, rows: result.total });
    } finally {
      await schedule.delete();
    }
  });
});
