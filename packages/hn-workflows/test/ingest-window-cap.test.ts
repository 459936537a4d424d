// A window the API answers with more ids than one run may take: refused after the search,
// nothing fetched, the partition recorded failed. The fake API's clock at 10,000 items an hour
// makes the longest window a run takes, 31 days, 7.4 million ids.
import { FAILURE_TYPES, MAX_INGEST_IDS, type HackerNewsIngestInput } from '@hn/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsIngestWorkflow } from '../src';
import { expectEdge, failureOf, startIngestHarness, type IngestHarness } from './ingest-helpers';

const ITEMS_PER_HOUR = 10_000;
const WINDOW_SECONDS = 31 * 24 * 3600;

let h: IngestHarness;

beforeAll(async () => {
  h = await startIngestHarness({
    maxItem: 200_000_000,
    itemsPerHour: ITEMS_PER_HOUR,
    taskQueue: 'hn-window-cap',
  });
});
afterAll(async () => {
  await h?.close();
});

describe('HackerNewsIngestWorkflow on a window of too many ids', () => {
  it(`refuses a window of more than ${MAX_INGEST_IDS} ids after the search, fetching none of them`, async () => {
    // 31 days well inside the generated ids: the window's ids as the fake API's clock has them.
    const start = Math.ceil(h.space.itemTime(100_000_000)! / 3600) * 3600;
    const input: HackerNewsIngestInput = {
      start: new Date(start * 1000).toISOString(),
      end: new Date((start + WINDOW_SECONDS) * 1000).toISOString(),
    };
    const exact = h.space.idRangeForWindow(start, start + WINDOW_SECONDS)!;
    expect(exact.toId - exact.fromId + 1).toBeGreaterThan(MAX_INGEST_IDS);

    const cause = await failureOf(
      h.withWorker(() =>
        h.env.client.workflow.execute(HackerNewsIngestWorkflow, {
          taskQueue: h.taskQueue,
          workflowId: 'ingest-window-cap',
          args: [input],
        }),
      ),
    );
    // The ids the search found, recorded on the failed partition: edges by the rule.
    const [partition] = await h.store.listPartitions();
    expect(partition).toMatchObject({ status: 'failed' });
    const ids = { fromId: partition!.fromId, toId: partition!.toId };
    expectEdge(h.space, start, ids.fromId);
    expectEdge(h.space, start + WINDOW_SECONDS, ids.toId + 1);
    const count = ids.toId - ids.fromId + 1;
    expect(cause.type).toBe(FAILURE_TYPES.ingestFailed);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toBe(
      `The window ${input.start}/${input.end} holds ${count} ids ` +
        `(${ids.fromId}..${ids.toId}) by the API's answers; one run ingests at most ${MAX_INGEST_IDS}. ` +
        'Check HN_API_URL, or ingest it as id ranges ({ fromId, toId }).',
    );
    // Only the search's probes reached the API, never the range.
    expect(h.api.stats().byKind.item).toBeLessThan(100);
  });
});
