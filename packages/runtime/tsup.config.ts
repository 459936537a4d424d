import { libraryConfig } from '../../tsup.library';

// `index` loads no Temporal runtime; `client` and `worker` each load only the SDK package they
// connect with, so a client process never loads the worker's native module.
export default libraryConfig({ entry: ['src/index.ts', 'src/client.ts', 'src/worker.ts'] });
