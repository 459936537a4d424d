import { defineConfig } from 'tsup';

// The worker runs as plain JavaScript: no TypeScript compiler in the process, a faster start and
// a smaller footprint. Workspace libraries stay external and resolve to their own builds.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: false,
});
