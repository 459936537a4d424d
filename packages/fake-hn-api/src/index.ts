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
export {
  createItemSpace,
  DEFAULT_ITEMS_PER_HOUR,
  DEFAULT_SPACE_MAX_ITEM,
  MAX_SPACE_MAX_ITEM,
  MAX_UPDATES,
  UPDATES_WINDOW_SECONDS,
  type IdRange,
  type ItemCounts,
  type ItemSpace,
  type ItemSpaceOptions,
  type Updates,
} from './item-space';
export type { LiveClockOptions } from './internal/live';
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
export {
  MAX_TRACKED_ITEM_IDS,
  type FakeHnApiStats,
  type InjectedFault,
  type RequestKind,
} from './stats';
export * from './hostile/index';
