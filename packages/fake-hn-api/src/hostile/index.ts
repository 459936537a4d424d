import type { Scenario } from '../scenario';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '../server';

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

/** The fake API serving a scenario (none at first: every path 404), as the hostile suites use it. */
export interface HostileHackerNewsApi extends FakeHackerNewsApi {
  /** `resetStats()`. */
  resetRequests(): void;
  /** `requests()`: every request since the last reset. */
  totalRequests(): number;
}

/** `startFakeHackerNewsApi({ scenario })`, with an empty scenario unless one is given. */
export async function startHostileHackerNewsApi(
  options: { scenario?: Scenario; host?: string; port?: number } = {},
): Promise<HostileHackerNewsApi> {
  const api = await startFakeHackerNewsApi({
    ...options,
    scenario: options.scenario ?? { lists: {}, items: {} },
  });
  return Object.assign(api, {
    resetRequests: () => api.resetStats(),
    totalRequests: () => api.requests(),
  });
}
