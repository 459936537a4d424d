/**
 * Read-only queries over the Hacker News pipeline's store (`@hn/storage`, SQLite or
 * PostgreSQL), for dashboards and reports: health, an hours-by-days partition grid, partition
 * details, top stories, items per hour, title words over time, top domains and the latest
 * top-stories run. Every query is bounded whatever its input, and query-string parameters are
 * validated by tables of rules ({@link GRID_PARAMS} ...) that say what each one allows.
 *
 * ```ts
 * import { openReadModel, parseParams, GRID_PARAMS } from '@hn/read-model';
 *
 * const model = await openReadModel({ kind: 'sqlite', filename: './data/hn.db' });
 * const grid = await model.partitionGrid(parseParams(GRID_PARAMS, { days: '30' }));
 * await model.close();
 * ```
 *
 * @module
 */
export {
  isReadModelError,
  type QueryProblem,
  ReadModelError,
  type ReadModelErrorCode,
} from './errors';
export { openReadOnly } from './open-read-only';
export {
  choiceParam,
  dayParam,
  instantParam,
  integerParam,
  keyParam,
  type ParamSpec,
  type ParamTable,
  type ParamValues,
  parseParams,
} from './params';
export {
  DETAIL_PARAMS,
  GRID_PARAMS,
  LIMITED_PERIOD_PARAMS,
  NO_PARAMS,
  PERIOD_PARAMS,
  WORD_TREND_PARAMS,
} from './query-params';
export { createReadModel, openReadModel, type ReadModel } from './read-model';
export {
  DEFAULT_PERIOD_DAYS,
  hostOf,
  type ItemsPerHour,
  type LatestTopStoriesRun,
  MAX_PERIOD_DAYS,
  type PeriodQuery,
  type ServedPeriod,
  type StoryRow,
  type TopDomains,
  type TopStories,
  type WordTrend,
} from './queries/data';
export {
  type CellCode,
  type GridFilter,
  MAX_GRID_DAYS,
  type PartitionGrid,
  type PartitionGridQuery,
} from './queries/grid';
export { type Health, type RecentRun } from './queries/health';
export {
  type FailingChecks,
  type FailingPartition,
  MAX_FAILING_PARTITIONS,
} from './queries/checks';
export { type PartitionDetail, type PartitionLookup } from './queries/partition-detail';
export { type BackfillView, listBackfills, MAX_BACKFILLS } from './backfills';
export { type FollowerView, listFollowers, MAX_FOLLOWERS } from './followers';
