import { libraryConfig } from '../../tsup.library';

// `index` is the sandboxed workflow code; `worker` is Node-side help for workers.
export default libraryConfig({ entry: ['src/index.ts', 'src/worker.ts'], shims: true });
