import { libraryConfig } from '../../tsup.library';

// Sandbox-safe: no Node.js target, it runs in workflow code too.
export default libraryConfig({ target: 'es2022' });
