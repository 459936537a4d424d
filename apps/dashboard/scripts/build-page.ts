// Bundles the page (web/) with esbuild into dist/public beside its static files, and prints
// the bundle's size.
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/public`;
mkdirSync(out, { recursive: true });
cpSync(`${root}public`, out, { recursive: true });
await build({
  entryPoints: [`${root}web/main.ts`],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outfile: `${out}/app.js`,
  legalComments: 'none',
  logLevel: 'warning',
});
const bytes = statSync(`${out}/app.js`).size;
process.stdout.write(`dist/public/app.js: ${(bytes / 1024).toFixed(1)} KiB\n`);
