/**
 * A worker process for the concurrent-start test: for each line on stdin (a JSON
 * `StoreConfig`), it calls `createStore`, closes the store and answers with one JSON line,
 * `{ "ok": true }` or `{ "ok": false, "code": ..., "message": ... }`. Waiting for the line
 * lets the parent start every process's `createStore` at the same instant.
 */
import { createInterface } from 'node:readline';
import { createStore, type StoreConfig } from '../src/index';

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  const config = JSON.parse(line) as StoreConfig;
  let answer: object;
  try {
    const store = await createStore(config);
    await store.close();
    answer = { ok: true };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    answer = { ok: false, code, message: String(message) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
