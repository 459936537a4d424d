import {
  hostileStory,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type RouteHandler,
} from '@hn/fake-hn-api';

/** The fake API with nothing to serve (every path 404) until a test sets a scenario or handler. */
export function startApi(): Promise<FakeHackerNewsApi> {
  return startFakeHackerNewsApi({ scenario: { lists: {}, items: {} } });
}

/** Never answers: the request stays open until the client gives up or the server closes. */
export const hang: RouteHandler = () => undefined;

/** A minimal valid story item: score `id`, `2 * id` comments. */
export function storyItem(id: number, extra: Record<string, unknown> = {}) {
  return hostileStory(id, { score: id, descendants: 2 * id, ...extra });
}
