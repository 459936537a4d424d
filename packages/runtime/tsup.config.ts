import { defineConfig } from 'tsup';

export default defineConfig({
  // `index` loads no Temporal runtime; `client` and `worker` each load only the SDK package they
  // connect with, so a client process never loads the worker's native module.
  entry: ['src/index.ts', 'src/client.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
