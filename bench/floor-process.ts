import { fileURLToPath } from 'node:url';
import { startProcess } from '@hn/testing';
import type { Cleanup } from './cleanup';
import type { IngestFloorOutput } from './ingest-floor';

const FLOOR_SCRIPT = fileURLToPath(new URL('./ingest-floor.ts', import.meta.url));

/** What bench/ingest-floor.ts fetches and stores, and how. */
export interface FloorRun {
  baseUrl: string;
  destination: string;
  /** One id range, or several one after another (a backfill's partitions), each timed. */
  ranges: readonly { fromId: number; toId: number }[];
  concurrency: number;
  batchSize: number;
}

/**
 * Runs bench/ingest-floor.ts in a process of its own, stopped by `cleanup` (under `label`) if the
 * benchmark is interrupted; its JSON line.
 */
export async function runIngestFloor(
  cleanup: Cleanup,
  label: string,
  run: FloorRun,
): Promise<IngestFloorOutput> {
  const range =
    run.ranges.length === 1
      ? ['--from-id', String(run.ranges[0]!.fromId), '--to-id', String(run.ranges[0]!.toId)]
      : ['--ranges', run.ranges.map(({ fromId, toId }) => `${fromId}-${toId}`).join(',')];
  const floor = startProcess(process.execPath, [
    '--conditions=source',
    '--import',
    'tsx',
    FLOOR_SCRIPT,
    '--base-url',
    run.baseUrl,
    '--destination',
    run.destination,
    ...range,
    '--concurrency',
    String(run.concurrency),
    '--batch-size',
    String(run.batchSize),
  ]);
  const stop = cleanup.add(label, () => floor.stop(), floor.child);
  const code = await floor.exited;
  await stop();
  if (code !== 0) {
    throw new Error(`the ingest floor script exited with ${code}:\n${floor.output()}`);
  }
  const lines = floor.output().trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as IngestFloorOutput;
}
