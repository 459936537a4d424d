export { connectWorker } from './connect-worker';
