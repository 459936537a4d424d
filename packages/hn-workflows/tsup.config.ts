import { defineConfig } from 'tsup';

export default defineConfig({
  // `index` is the sandboxed workflow code; `worker` is Node-side help for workers.
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
});
