export { DEFAULT_WORKFLOW_ID, TASK_QUEUE, WORKFLOW_TYPE } from './constants';
