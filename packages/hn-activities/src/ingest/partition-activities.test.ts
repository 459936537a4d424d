import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAILURE_TYPES, emptyIngestCounts, type IngestPartitionRecord } from '@hn/contract';
import { createStore, type SqlStore } from '@hn/storage';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItemRecord } from './item-record';
import { createPartitionActivities } from './partition-activities';

let store: SqlStore;

beforeAll(async () => {
  store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), 'hn-partitions-')), 'hn.db'),
  });
});
afterAll(async () => {
  await store?.close();
});

function partition(hour: number, status: IngestPartitionRecord['status']): IngestPartitionRecord {
  const at = (h: number) => new Date(Date.UTC(2025, 0, 1, h)).toISOString();
  return {
    key: `window:${at(hour)}/${at(hour + 1)}`,
    windowStart: at(hour),
    windowEnd: at(hour + 1),
    fromId: hour * 10 + 1,
    toId: hour * 10 + 10,
    status,
    counts: status === 'running' ? null : emptyIngestCounts(),
    workflowId: 'w',
    runId: 'r',
    startedAt: at(30),
    finishedAt: status === 'running' ? null : at(31),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => expect.fail('expected a failure'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('completedPartitions', () => {
  const env = new MockActivityEnvironment();

  it('answers which of the keys the store has completed, from a real SQLite store', async () => {
    const rows = [partition(0, 'completed'), partition(1, 'running'), partition(2, 'failed')];
    // The completed partition's items, timed inside its window, so that its checks pass.
    const start = Date.parse(rows[0]!.windowStart!) / 1000;
    await store.saveItems(
      Array.from({ length: 10 }, (_, i) =>
        toItemRecord(i + 1, { id: i + 1, type: 'comment', time: start + 60 * i }, start * 1000),
      ),
    );
    for (const row of rows) await store.savePartition(row);
    const { completedPartitions } = createPartitionActivities({ items: store });
    const keys = [...rows.map((r) => r.key), partition(3, 'completed').key];
    expect(await env.run(completedPartitions, { keys })).toEqual([rows[0]!.key]);
  });

  it('rejects more than 500 keys or a non-string key as InvalidInput, and a worker without a store', async () => {
    const { completedPartitions } = createPartitionActivities({ items: store });
    const tooMany = Array.from({ length: 501 }, (_, i) => `k${i}`);
    for (const input of [{ keys: tooMany }, { keys: [1] }, { keys: ['a'], more: 1 }]) {
      const failure = await failureOf(env.run(completedPartitions, input as never));
      expect(failure.type).toBe(FAILURE_TYPES.invalidInput);
      expect(failure.nonRetryable).toBe(true);
    }
    const none = createPartitionActivities({ items: undefined });
    const missing = await failureOf(env.run(none.completedPartitions, { keys: [] }));
    expect(missing).toMatchObject({ type: FAILURE_TYPES.itemStoreMissing, nonRetryable: true });
  });

  it('turns a closed store into a non-retryable PipelineStoreError (retrying cannot reopen it)', async () => {
    const closed = await createStore({
      kind: 'sqlite',
      filename: join(mkdtempSync(join(tmpdir(), 'hn-partitions-')), 'hn.db'),
    });
    await closed.close();
    const { completedPartitions } = createPartitionActivities({ items: closed });
    const failure = await failureOf(env.run(completedPartitions, { keys: ['a'] }));
    expect(failure.type).toBe(FAILURE_TYPES.storeFailed);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/^Reading completed partitions failed: /);
  });
});
