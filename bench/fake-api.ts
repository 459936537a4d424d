import { fileURLToPath } from 'node:url';
import type { FakeHnApiStats, Faults } from '@hn/fake-hn-api';
import { startProcess, type ManagedProcess } from '@hn/testing';

const CLI = fileURLToPath(new URL('../packages/fake-hn-api/src/cli.ts', import.meta.url));

/** The fake Hacker News API running as a process of its own, driven over its control routes. */
export interface FakeApiProcess {
  process: ManagedProcess;
  /** API root, e.g. `http://127.0.0.1:1234/v0`. */
  baseUrl: string;
  /** Sets the latency added to every answer, from the next request on. */
  setLatency(latencyMs: number): Promise<void>;
  /** Zeroes the counters (`maxInFlight` included) and keeps the current latency. */
  resetStats(): Promise<void>;
  stats(): Promise<FakeHnApiStats>;
}

/**
 * Starts the fake API's command line (seed 1) and waits for its `{"baseUrl":...}` line. With
 * `generatedSpace`, it serves every id up to `maxItem` (default: the CLI's) besides the curated
 * dataset, on a clock of `itemsPerHour` (default: the CLI's); with `liveSpeed`, live at now on a
 * clock that runs that many times as fast.
 */
export async function startFakeApi(
  latencyMs: number,
  space?: { generatedSpace: true; maxItem?: number; itemsPerHour?: number; liveSpeed?: number },
): Promise<FakeApiProcess> {
  const managed = startProcess(process.execPath, [
    '--import',
    'tsx',
    CLI,
    '--seed',
    '1',
    '--latency',
    String(latencyMs),
    ...(space ? ['--generated-space'] : []),
    ...(space?.maxItem === undefined ? [] : ['--max-item', String(space.maxItem)]),
    ...(space?.itemsPerHour === undefined ? [] : ['--items-per-hour', String(space.itemsPerHour)]),
    ...(space?.liveSpeed === undefined ? [] : ['--live', '--speed', String(space.liveSpeed)]),
  ]);
  await managed.waitForOutput(/\{"baseUrl":"[^"]+"\}/, 30_000);
  const line = /\{"baseUrl":"[^"]+"\}/.exec(managed.output())![0];
  const { baseUrl } = JSON.parse(line) as { baseUrl: string };
  const origin = new URL(baseUrl).origin;
  let latency = latencyMs;

  const control = async (
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
  ): Promise<unknown> => {
    const response = await fetch(`${origin}/__control/${route}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) {
      throw new Error(`${method} /__control/${route}: HTTP ${response.status}`);
    }
    return response.json();
  };
  const setFaults = (faults: Partial<Faults>) => control('POST', 'faults', faults);

  return {
    process: managed,
    baseUrl,
    async setLatency(ms) {
      latency = ms;
      await setFaults({ latencyMs: ms });
    },
    async resetStats() {
      // The reset route clears the faults too: put the latency back.
      await control('POST', 'reset');
      await setFaults({ latencyMs: latency });
    },
    async stats() {
      return (await control('GET', 'stats')) as FakeHnApiStats;
    },
  };
}
