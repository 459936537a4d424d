export { workflowsPath } from './workflows-path';
