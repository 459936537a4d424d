// The ingest floor: what fetching an id range and storing every id costs with nothing but HTTP
// and the store. A plain Node script (no Temporal) that fetches the same ids as the ingest
// workflow at the same concurrency, over undici keep-alive connections, maps each answer with the
// same function and writes the same rows in the same batches through @hn/storage's saveItems, so
// the write cost is identical. Prints one JSON line. With `--ranges`, ingests several id ranges
// one after another (a backfill's partitions, each as its own ingest would) and times each.
//
//   node --import tsx bench/ingest-floor.ts --base-url <url> --destination sqlite:<path> \
//     --from-id 1 --to-id 100000 --concurrency 200 --batch-size 250
//   node --import tsx bench/ingest-floor.ts ... --ranges 1-1000,1001-2000
import { parseCliArgs } from '@hn/runtime';
import { toItemRecord } from '@hn/activities';
import type { ItemRecord } from '@hn/contract';
import { createStore, parseDestinationUrl } from '@hn/storage';
import { Agent, request } from 'undici';

/** The line the script prints. */
export interface IngestFloorOutput {
  /** Wall time from the first request to the last batch stored, in milliseconds. */
  ms: number;
  /** Ids stored. */
  ids: number;
  /** CPU time (user + system) of this process over the same span as `ms`, in milliseconds. */
  cpuMs: number;
  /** With `--ranges`: each range's wall time, first request to last batch stored, in order. */
  rangesMs?: number[];
}

const { values } = parseCliArgs(process.argv.slice(2), {
  strict: true,
  options: {
    'base-url': { type: 'string' },
    destination: { type: 'string' },
    'from-id': { type: 'string' },
    'to-id': { type: 'string' },
    concurrency: { type: 'string', default: '200' },
    'batch-size': { type: 'string', default: '250' },
    ranges: { type: 'string' },
  },
});
const baseUrl = values['base-url'];
if (!baseUrl || !values.destination) throw new Error('--base-url and --destination are required');
const ranges = (values.ranges ?? `${values['from-id']}-${values['to-id']}`)
  .split(',')
  .map((range) => {
    const [fromId, toId] = range.split('-').map(Number) as [number, number];
    if (!Number.isSafeInteger(fromId) || !Number.isSafeInteger(toId) || fromId > toId) {
      throw new Error(`bad id range "${range}": give --from-id and --to-id, or --ranges a-b,c-d`);
    }
    return { fromId, toId };
  });
const concurrency = Number(values.concurrency);
const batchSize = Number(values['batch-size']);

const store = await createStore(parseDestinationUrl(values.destination));
const agent = new Agent({ connections: concurrency });

async function fetchItem(id: number): Promise<unknown> {
  const { statusCode, body } = await request(`${baseUrl}/item/${id}.json`, { dispatcher: agent });
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`GET item ${id}: HTTP ${statusCode}`);
  }
  return body.json();
}

/** Fetches and stores `fromId..toId`; resolves with the ids stored. */
async function ingestRange(fromId: number, toId: number): Promise<number> {
  const total = toId - fromId + 1;
  // Records waiting for the ids below them, so that batches go out in id order as the ingest's.
  const ready = new Map<number, ItemRecord>();
  let nextToFetch = fromId;
  let nextToStore = fromId;
  let stored = 0;
  let writing: Promise<void> = Promise.resolve();

  // Ids from nextToStore up to (not including) this one are all in `ready`.
  let readyEnd = fromId;

  const flush = (final: boolean): void => {
    while (ready.has(readyEnd)) readyEnd += 1;
    while (readyEnd - nextToStore >= batchSize || (final && readyEnd > nextToStore)) {
      const end = Math.min(nextToStore + batchSize, readyEnd);
      const batch: ItemRecord[] = [];
      for (let id = nextToStore; id < end; id++) {
        batch.push(ready.get(id)!);
        ready.delete(id);
      }
      nextToStore = end;
      writing = writing.then(async () => {
        await store.saveItems(batch);
        stored += batch.length;
      });
    }
  };

  const lane = async (): Promise<void> => {
    while (nextToFetch <= toId) {
      const id = nextToFetch++;
      const raw = await fetchItem(id);
      ready.set(id, toItemRecord(id, raw as Parameters<typeof toItemRecord>[1], Date.now()));
      flush(false);
      // Keep fetching within about two batches of storing, as the ingest does.
      while (nextToFetch - nextToStore > 2 * batchSize + concurrency) await writing;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  flush(true);
  await writing;
  return stored;
}

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const rangesMs: number[] = [];
let stored = 0;
for (const { fromId, toId } of ranges) {
  const rangeStarted = performance.now();
  const total = toId - fromId + 1;
  const rangeStored = await ingestRange(fromId, toId);
  rangesMs.push(performance.now() - rangeStarted);
  if (rangeStored !== total) throw new Error(`stored ${rangeStored} of ${total} ids`);
  stored += rangeStored;
}
const elapsed = performance.now() - started;
const cpu = process.cpuUsage(cpuAtStart);
await agent.close();
await store.close();
const output: IngestFloorOutput = {
  ms: elapsed,
  ids: stored,
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  ...(values.ranges === undefined ? {} : { rangesMs }),
};
process.stdout.write(`${JSON.stringify(output)}\n`);
