import { createLocalEnv } from '@hn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteSchedule,
  describeSchedule,
  ensureIngestSchedule,
  ensureSchedule,
  ingestScheduleBackfillTarget,
  pauseSchedule,
} from '../src';

type Env = Awaited<ReturnType<typeof createLocalEnv>>;

describe('the ingest schedule on a dev server', () => {
  let env: Env;

  beforeAll(async () => {
    env = await createLocalEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('is created with its partition policies, and updated in place, still paused', async () => {
    const client = env.client;
    expect(await ensureIngestSchedule(client, { paused: true })).toEqual({
      scheduleId: 'hackernews-ingest',
      created: true,
    });
    try {
      const created = await describeSchedule(client, { scheduleId: 'hackernews-ingest' });
      expect(created.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'HackerNewsIngestWorkflow',
        workflowId: 'hackernews-ingest',
        args: [],
      });
      expect(created.policies).toMatchObject({ overlap: 'BUFFER_ALL', catchupWindow: 86_400_000 });
      expect(created.spec.intervals?.map((interval) => interval.every)).toEqual([3_600_000]);
      expect(created.state.paused).toBe(true);

      await pauseSchedule(client, { scheduleId: 'hackernews-ingest', note: 'maintenance' });
      expect(await ensureIngestSchedule(client, { catchupWindow: '2h' })).toEqual({
        scheduleId: 'hackernews-ingest',
        created: false,
      });
      const updated = await describeSchedule(client, { scheduleId: 'hackernews-ingest' });
      expect(updated.policies).toMatchObject({ overlap: 'BUFFER_ALL', catchupWindow: 7_200_000 });
      expect(updated.state.paused).toBe(true);
      expect(updated.state.note).toContain('maintenance');
    } finally {
      await deleteSchedule(client, { scheduleId: 'hackernews-ingest' });
    }
  });

  it('gives a bounded backfill the partition and task queue of an ingest schedule, and refuses another', async () => {
    const client = env.client;
    await ensureIngestSchedule(client, {
      scheduleId: 'ingest-15m',
      every: '15m',
      taskQueue: 'ingest-queue',
      paused: true,
    });
    await ensureSchedule(client, { scheduleId: 'stories', paused: true });
    try {
      expect(await ingestScheduleBackfillTarget(client, 'ingest-15m')).toEqual({
        partition: '15m',
        taskQueue: 'ingest-queue',
        workflowId: 'hackernews-backfill-ingest-15m',
      });
      const refused = ingestScheduleBackfillTarget(client, 'stories');
      await expect(refused).rejects.toMatchObject({ code: 'NOT_AN_INGEST_SCHEDULE' });
      await expect(refused).rejects.toThrow(
        'starts HackerNewsWorkflow, not HackerNewsIngestWorkflow',
      );
    } finally {
      await deleteSchedule(client, { scheduleId: 'ingest-15m' });
      await deleteSchedule(client, { scheduleId: 'stories' });
    }
  });
});
