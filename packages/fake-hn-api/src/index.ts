export {
  createDataset,
  DATASET_FIRST_ID,
  DATASET_START_TIME,
  DEFAULT_SEED,
  type CreateDatasetOptions,
} from './create-dataset';
export type { Dataset, DatasetComposition, GeneratedDataset } from './dataset';
export { defineDataset, type DefineDatasetInput } from './define-dataset';
export { FakeHnApiError, type FakeHnApiErrorCode } from './errors';
export { ITEM_FAULTS, mergeFaults, NO_FAULTS, type Faults, type ItemFault } from './faults';
export type {
  HnComment,
  HnDeletedItem,
  HnItem,
  HnItemType,
  HnJob,
  HnPoll,
  HnPollOption,
  HnStory,
} from './item';
export {
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type StartFakeHackerNewsApiOptions,
} from './server';
export type { FakeHnApiStats, InjectedFault, RequestKind } from './stats';
export * from './hostile/index';
