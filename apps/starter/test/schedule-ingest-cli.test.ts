// `schedule ingest` and the other subcommands on the ingest schedule, on the dev server.
import type { ScheduleView } from '@hn/schedules';
import { createLocalEnv } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runStarter } from './cli';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createLocalEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const schedule = (...args: string[]) => runStarter(['schedule', ...args], { client: env.client });

describe('schedule ingest', () => {
  it('creates hackernews-ingest with its partition policies; the other commands take its id', async () => {
    const created = await schedule('ingest', '--paused', '--json');
    expect(created.code, created.stderr).toBe(0);
    const view = JSON.parse(created.stdout) as { result: string; schedule: ScheduleView };
    expect(view.result).toBe('created');
    expect(view.schedule.policies).toEqual({
      overlap: 'BUFFER_ALL',
      catchupWindowMs: 86_400_000,
      pauseOnFailure: false,
    });
    expect(view.schedule.action).toMatchObject({
      workflowType: 'HackerNewsIngestWorkflow',
      workflowId: 'hackernews-ingest',
      args: [],
    });
    expect(view.schedule.paused).toBe(true);

    const again = await schedule('ingest', '--catchup-window', '6h', '--json');
    expect(again.code, again.stderr).toBe(0);
    const updated = JSON.parse(again.stdout) as { result: string; schedule: ScheduleView };
    expect(updated.result).toBe('updated');
    expect(updated.schedule.policies.catchupWindowMs).toBe(21_600_000);
    expect(updated.schedule.paused).toBe(true);

    const unpaused = await schedule('unpause', '--id', 'hackernews-ingest');
    expect(unpaused.code, unpaused.stderr).toBe(0);
    const described = await schedule('describe', '--id', 'hackernews-ingest', '--json');
    expect((JSON.parse(described.stdout) as { schedule: ScheduleView }).schedule.paused).toBe(
      false,
    );
    const deleted = await schedule('delete', '--id', 'hackernews-ingest');
    expect(deleted.code, deleted.stderr).toBe(0);
    const bad = await schedule('ingest', '--catchup-window', '1s');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('catchupWindow');
  });

  it('gives each run a partition of one interval, or the one --partition names', async () => {
    const every = await schedule(
      'ingest',
      '--id',
      'ingest-10s',
      '--every',
      '10s',
      '--paused',
      '--json',
    );
    expect(every.code, every.stderr).toBe(0);
    const view = (JSON.parse(every.stdout) as { schedule: ScheduleView }).schedule;
    expect(view.action).toMatchObject({ args: [{ partition: '10s' }] });
    const cron = await schedule(
      'ingest',
      ...['--id', 'ingest-10s', '--cron', '*/15 * * * *', '--partition', '15m', '--json'],
    );
    expect(cron.code, cron.stderr).toBe(0);
    const updated = (JSON.parse(cron.stdout) as { schedule: ScheduleView }).schedule;
    expect(updated.action).toMatchObject({ args: [{ partition: '15m' }] });
    expect((await schedule('delete', '--id', 'ingest-10s')).code).toBe(0);

    const bad = await schedule('ingest', '--partition', '0s');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'partition must be a duration such as 30s, 10m, 6h, 1d or 1h30m, from 1s to 31d in whole seconds, got "0s".',
    );
    // Every minute, two days: each run would ingest again what the runs before it stored.
    const longer = await schedule(
      'ingest',
      '--id',
      'ingest-2d',
      '--every',
      '1m',
      '--partition',
      '2d',
    );
    expect(longer.code).toBe(2);
    expect(longer.stderr).toContain('partition (2d) is longer than the interval (1m)');
    expect((await schedule('describe', '--id', 'ingest-2d')).code).toBe(3);
  });
});
