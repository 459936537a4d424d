// `heartbeatTimeoutSeconds` of HackerNewsIngestWorkflow reaches every `ingestItems` activity it
// schedules, across continue-as-new, on the time-skipping server; without it the timeout is 20 s.
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsIngestWorkflow, type HackerNewsIngestInput } from '../src';
import { startIngestHarness, type IngestHarness } from './ingest-helpers';

let h: IngestHarness;
let runs = 0;

beforeAll(async () => {
  h = await startIngestHarness({ taskQueue: 'hn-ingest-heartbeat-timeout' });
});
afterAll(async () => {
  await h?.close();
});

/** The heartbeat timeouts (seconds) of the `ingestItems` activities of one run, in order. */
async function ingestHeartbeatTimeouts(handle: WorkflowHandle): Promise<number[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? [])
    .flatMap((event) => event.activityTaskScheduledEventAttributes ?? [])
    .filter((scheduled) => scheduled.activityType?.name === 'ingestItems')
    .map((scheduled) => Number(scheduled.heartbeatTimeout?.seconds ?? -1));
}

async function run(input: HackerNewsIngestInput) {
  return h.withWorker(async () => {
    const handle = await h.env.client.workflow.start(HackerNewsIngestWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `ingest-heartbeat-${++runs}`,
      args: [input],
    });
    const result = await handle.result();
    const first = h.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    return {
      result,
      first: await ingestHeartbeatTimeouts(first),
      last: await ingestHeartbeatTimeouts(h.env.client.workflow.getHandle(handle.workflowId)),
    };
  });
}

describe('heartbeatTimeoutSeconds', () => {
  it('sets the heartbeat timeout of every ingestItems activity, in each run of the chain', async () => {
    const { result, first, last } = await run({
      fromId: 200_001,
      toId: 200_040,
      chunkSize: 10,
      chunksPerRun: 2,
      heartbeatTimeoutSeconds: 7,
    });
    expect(result.total).toBe(40);
    expect(result.continuedAsNew).toBe(1);
    expect(first).toEqual([7, 7]);
    expect(last).toEqual([7, 7]);
  });

  it('is 20 s by default', async () => {
    const { first } = await run({ fromId: 200_101, toId: 200_110, chunkSize: 10 });
    expect(first).toEqual([20]);
  });
});
