import { defineConfig, type Options } from 'tsup';

/**
 * The build of every published library: ESM and CommonJS with declarations and source maps, for
 * Node.js 20 and later. A package passes what differs (its entries, a target, shims).
 */
export function libraryConfig(options: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    ...options,
  });
}
