// The floor: what fetching a list and its items costs with nothing but HTTP. A plain Node script
// (no Temporal) that fetches the same list and items as the pipeline, with the same concurrency,
// over undici keep-alive connections, and prints the wall time of each run as one JSON line.
//
//   node --import tsx bench/floor.ts --base-url <url> --limit 500 --concurrency 50 --warmups 1 --runs 1
import { parseCliArgs } from '@hn/runtime';
import { Agent, request } from 'undici';

/** The line the script prints. */
export interface FloorOutput {
  /** Wall time of each measured run, list request included, in milliseconds. */
  runsMs: number[];
  /** Items fetched per run. */
  items: number;
}

const { values } = parseCliArgs(process.argv.slice(2), {
  strict: true,
  options: {
    'base-url': { type: 'string' },
    list: { type: 'string', default: 'top' },
    limit: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '50' },
    warmups: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
  },
});
const baseUrl = values['base-url'];
if (!baseUrl) throw new Error('--base-url is required');
const limit = Number(values.limit);
const concurrency = Number(values.concurrency);
const warmups = Number(values.warmups);
const runs = Number(values.runs);

// The same pool as the pipeline's client: one keep-alive connection per request in flight.
const agent = new Agent({ connections: concurrency });

async function getJson(url: string): Promise<unknown> {
  const { statusCode, body } = await request(url, { dispatcher: agent });
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`GET ${url}: HTTP ${statusCode}`);
  }
  return body.json();
}

async function fetchAll(): Promise<number> {
  const ids = ((await getJson(`${baseUrl}/${values.list}stories.json`)) as number[]).slice(
    0,
    limit,
  );
  let next = 0;
  let items = 0;
  const lane = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      await getJson(`${baseUrl}/item/${id}.json`);
      items += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, lane));
  return items;
}

for (let i = 0; i < warmups; i += 1) await fetchAll();
const runsMs: number[] = [];
let items = 0;
for (let i = 0; i < runs; i += 1) {
  const started = performance.now();
  items = await fetchAll();
  runsMs.push(performance.now() - started);
}
await agent.close();
const output: FloorOutput = { runsMs, items };
process.stdout.write(`${JSON.stringify(output)}\n`);
