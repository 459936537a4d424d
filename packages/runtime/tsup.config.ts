import { libraryConfig } from '../../tsup.library';

// `index` loads no Temporal runtime; `client` (and `cli`, commander on top) and `worker` each load only the SDK package they
// connect with, so a client process never loads the worker's native module.
export default libraryConfig({
  entry: ['src/index.ts', 'src/client.ts', 'src/cli.ts', 'src/worker.ts'],
});
