export {
  duplicateIdsCase,
  garbledBodiesCase,
  hostileStory,
  hugeJsonCase,
  oversizedTitlesCase,
  scenarioOf,
  slowDripCase,
  terminalSequencesCase,
  TERMINAL_SEQUENCES,
  UNSAFE_URLS,
  unsafeUrlsCase,
  worstJsonCase,
  wrongIdsCase,
  wrongTypesCase,
  type HostileCase,
} from './cases';
export type { HostileResponse, HostileScenario } from './scenario';
export {
  startHostileHackerNewsApi,
  type HostileHackerNewsApi,
  type StartHostileHackerNewsApiOptions,
} from './server';
