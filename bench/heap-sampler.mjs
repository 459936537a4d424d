// Preloaded into a benchmarked worker (`node --import ./bench/heap-sampler.mjs`) with
// HN_BENCH_HEAP_LOG set: appends one JSON line of V8's heap figures every 100 ms to that file
// (MiB; `spaces` maps each heap space to its committed size), so a run's heap can be read
// against its RSS. Worker threads (the workflow threads) inherit the preload and write lines
// of their own, tagged with their `thread` id (0: the main thread).
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';
import v8 from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

const file = process.env.HN_BENCH_HEAP_LOG;
if (file) {
  const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
  const started = Date.now();
  const sample = () => {
    const memory = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const spaces = {};
    for (const space of v8.getHeapSpaceStatistics()) {
      spaces[space.space_name] = mb(space.space_size);
    }
    const line = {
      thread: isMainThread ? 0 : threadId,
      ms: Date.now() - started,
      rss: mb(memory.rss),
      heapTotal: mb(heap.total_heap_size),
      heapUsed: mb(heap.used_heap_size),
      heapLimit: mb(heap.heap_size_limit),
      external: mb(memory.external),
      arrayBuffers: mb(memory.arrayBuffers),
      malloced: mb(heap.malloced_memory),
      spaces,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  setInterval(sample, 100).unref();
}
