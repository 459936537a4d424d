import { MAX_GRID_DAYS } from './queries/grid';
import {
  choiceParam,
  dayParam,
  instantParam,
  integerParam,
  keyParam,
  type ParamTable,
} from './params';

/** No parameter allowed. */
export const NO_PARAMS = {} satisfies ParamTable;

/**
 * `from` (a day; default: the grid ends on the newest partition's day), `days` (1 to 366, default
 * 7), `filter`.
 */
export const GRID_PARAMS = {
  from: dayParam(),
  days: integerParam(1, MAX_GRID_DAYS, 7),
  filter: choiceParam(['all', 'failed', 'missing'], 'all'),
} satisfies ParamTable;

/** A partition by `key`, or by an instant `at` inside its window: exactly one of them. */
export const DETAIL_PARAMS = {
  key: keyParam(200),
  at: instantParam(),
} satisfies ParamTable;

/** A period: `from` and `to`, each optional (default: the week up to the newest item). */
export const PERIOD_PARAMS = {
  from: instantParam(),
  to: instantParam(),
} satisfies ParamTable;

/** A period and `limit` (1 to 100, default 20). */
export const LIMITED_PERIOD_PARAMS = {
  ...PERIOD_PARAMS,
  limit: integerParam(1, 100, 20),
} satisfies ParamTable;

/** A period and `words` (1 to 20, default 8). */
export const WORD_TREND_PARAMS = {
  ...PERIOD_PARAMS,
  words: integerParam(1, 20, 8),
} satisfies ParamTable;
