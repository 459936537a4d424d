import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { INGEST_WORKFLOW_TYPE, SEARCH_ATTRIBUTES } from '@hn/contract';
import { resolveTemporalBinary, waitFor } from '@hn/testing';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsIngestWorkflow } from '../src';
import { startIngestHarness, type IngestHarness } from './ingest-helpers';

const run = promisify(execFile);
const PARTITION_START = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.partitionStart.name,
  SearchAttributeType.DATETIME,
);

let h: IngestHarness;

beforeAll(async () => {
  h = await startIngestHarness({ server: 'dev', taskQueue: 'hn-ingest-search-attributes' });
});
afterAll(async () => {
  await h?.close();
});

/** `temporal workflow list --query` as a process, its JSON output parsed. */
async function listWorkflows(query: string): Promise<{ execution: { workflowId: string } }[]> {
  const { executable } = resolveTemporalBinary('cli');
  if (executable.type !== 'existing-path') throw new Error('no Temporal CLI binary provisioned');
  const { stdout } = await run(executable.path, [
    'workflow',
    'list',
    '--address',
    h.env.address,
    '--namespace',
    h.env.namespace ?? 'default',
    '--query',
    query,
    '--output',
    'json',
  ]);
  const text = stdout.trim();
  return text === '' ? [] : (JSON.parse(text) as { execution: { workflowId: string } }[]);
}

describe('the ingest search attributes', () => {
  it("let 'temporal workflow list --query' find a partition's run", async () => {
    const hour = Math.floor(h.space.itemTime(500_000)! / 3600) * 3600 + 3600;
    const start = new Date((hour - 3600) * 1000).toISOString().replace('.000Z', 'Z');
    const end = new Date(hour * 1000).toISOString().replace('.000Z', 'Z');
    const other = new Date((hour - 7200) * 1000).toISOString();
    const [handle, result] = await h.withWorker(async () => {
      const handles = await Promise.all([
        h.env.client.workflow.start(HackerNewsIngestWorkflow, {
          workflowId: `sa-ingest-${start}`,
          taskQueue: h.taskQueue,
          args: [{ start, end, chunkSize: 500 }],
        }),
        h.env.client.workflow.start(HackerNewsIngestWorkflow, {
          workflowId: `sa-ingest-${other}`,
          taskQueue: h.taskQueue,
          args: [{ start: other, end: new Date(hour * 1000 - 3_600_000).toISOString() }],
        }),
      ]);
      const results = await Promise.all(handles.map((one) => one.result()));
      return [handles[0], results[0]!] as const;
    });

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(PARTITION_START)?.toISOString()).toBe(
      new Date(start).toISOString(),
    );
    const found = await waitFor(`visibility to list the run of ${start}`, async () => {
      const rows = await listWorkflows(
        `HnPartitionKey = '${result.key}' AND HnPipeline = 'ingest' AND WorkflowType = '${INGEST_WORKFLOW_TYPE}'`,
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(found.map((row) => row.execution.workflowId)).toEqual([`sa-ingest-${start}`]);

    const byStart = await listWorkflows(
      `HnPartitionStart >= '${start}' AND HnPartitionStart < '${end}'`,
    );
    expect(byStart.map((row) => row.execution.workflowId)).toEqual([`sa-ingest-${start}`]);
    const both = await listWorkflows(
      `HnPipeline = 'ingest' AND HnPartitionStart >= '${other}' AND HnPartitionStart < '${end}'`,
    );
    expect(both.map((row) => row.execution.workflowId).sort()).toEqual(
      [`sa-ingest-${other}`, `sa-ingest-${start}`].sort(),
    );
  });
});
