import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import {
  DETAIL_PARAMS,
  GRID_PARAMS,
  isReadModelError,
  LIMITED_PERIOD_PARAMS,
  listBackfills,
  listFollowers,
  NO_PARAMS,
  type ParamTable,
  parseParams,
  PERIOD_PARAMS,
  type ReadModel,
  ReadModelError,
  WORD_TREND_PARAMS,
} from '@hn/read-model';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';

/** What the dashboard's server reads. */
export interface DashboardDeps {
  model: ReadModel;
  /** A Temporal client for the backfills view; without one the view says it is not connected. */
  temporal?: { client: Client; namespace: string };
  /** Base URL of the Temporal Web UI, for links to runs (e.g. `http://127.0.0.1:8233`). */
  webUiUrl?: string;
  /** The built page (`dist/public`); default beside this app. */
  publicDir?: string;
}

/** Where `pnpm --filter dashboard build` writes the page. */
export const PUBLIC_DIR = fileURLToPath(new URL('../dist/public', import.meta.url));

/**
 * The dashboard's HTTP server: JSON endpoints under `/api/`, the static page at `/`. Every query
 * parameter is validated (a bad one answers 400 naming what it allows); responses carry a strict
 * Content-Security-Policy (scripts and styles from this origin only, no inline code, no eval).
 */
export async function createDashboardServer(deps: DashboardDeps): Promise<FastifyInstance> {
  const publicDir = deps.publicDir ?? PUBLIC_DIR;
  if (!existsSync(publicDir)) {
    throw new Error(
      `The dashboard page is not built (${publicDir} is missing): run \`pnpm --filter dashboard build\`.`,
    );
  }
  const app = Fastify({ logger: false });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: true,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyStatic, { root: publicDir, index: 'index.html' });

  app.setErrorHandler((error, _request, reply) => {
    if (isReadModelError(error, 'INVALID_QUERY')) {
      return reply.code(400).send({ error: error.message, problems: error.problems });
    }
    if (isReadModelError(error, 'NOT_FOUND')) {
      return reply.code(404).send({ error: error.message });
    }
    return reply.code(500).send({ error: error instanceof Error ? error.message : String(error) });
  });

  const route = <T extends ParamTable>(
    path: string,
    table: T,
    answer: (params: ReturnType<typeof parseParams<T>>) => Promise<unknown>,
  ) => {
    app.get(path, async (request, reply) => {
      const params = parseParams(table, request.query as Record<string, unknown>);
      void reply.header('cache-control', 'no-store');
      return answer(params);
    });
  };

  route('/api/config', NO_PARAMS, () =>
    Promise.resolve({
      webUiUrl: deps.webUiUrl ?? null,
      namespace: deps.temporal?.namespace ?? null,
      store: deps.model.kind,
    }),
  );
  route('/api/health', NO_PARAMS, () => deps.model.health());
  route('/api/partitions/grid', GRID_PARAMS, (params) => deps.model.partitionGrid(params));
  route('/api/partitions/detail', DETAIL_PARAMS, (params) => {
    if ((params.key === undefined) === (params.at === undefined)) {
      throw new ReadModelError('INVALID_QUERY', 'Give exactly one of "key" or "at".', {
        problems: [{ field: 'key', message: 'give exactly one of "key" or "at"' }],
      });
    }
    return deps.model.partition(
      params.key !== undefined ? { key: params.key } : { at: params.at! },
    );
  });
  route('/api/backfills', NO_PARAMS, async () => {
    if (deps.temporal === undefined) return { connected: false, backfills: [] };
    return { connected: true, backfills: await listBackfills(deps.temporal.client) };
  });
  route('/api/followers', NO_PARAMS, async () => {
    if (deps.temporal === undefined) return { connected: false, followers: [] };
    return { connected: true, followers: await listFollowers(deps.temporal.client) };
  });
  route('/api/data/top-stories', LIMITED_PERIOD_PARAMS, (params) => deps.model.topStories(params));
  route('/api/data/items-per-hour', PERIOD_PARAMS, (params) => deps.model.itemsPerHour(params));
  route('/api/data/word-trend', WORD_TREND_PARAMS, (params) => deps.model.wordTrend(params));
  route('/api/data/top-domains', LIMITED_PERIOD_PARAMS, (params) => deps.model.topDomains(params));
  route('/api/data/latest-run', NO_PARAMS, async () => ({
    run: await deps.model.latestTopStoriesRun(),
  }));
  return app;
}
