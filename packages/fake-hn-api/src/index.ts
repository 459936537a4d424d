/**
 * A real HTTP server on loopback that imitates the Hacker News API for tests, benchmarks and the
 * offline main job: curated top stories, a generated id space (live at "now" if asked, with
 * `/v0/updates.json`), scenarios for hostile answers, and fault knobs.
 *
 * ```ts
 * import { startFakeHackerNewsApi } from '@hn/fake-hn-api';
 *
 * const api = await startFakeHackerNewsApi({ seed: 1, live: true });
 * // ... point a client at api.baseUrl ...
 * await api.close();
 * ```
 *
 * @module
 */
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
  OFFLINE_API_OPTIONS,
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
export {
  jsonScenario,
  sendJson,
  type RouteHandler,
  type Scenario,
  type ScenarioResponse,
} from './scenario';
