import { DEFAULT_BASE_URL } from '@hn/activities';
import { TASK_QUEUE } from '@hn/contract';
import { defaultDestination } from '@hn/runtime';
import { z } from 'zod';

/** The worker's configuration, read once from the environment at start-up. */
export interface WorkerConfig {
  taskQueue: string;
  /** Hacker News API base URL. */
  apiUrl: string;
  /** Most Hacker News requests in flight on this worker. */
  httpConcurrency: number;
  httpTimeoutMs: number;
  /**
   * `sqlite:<path>`, `postgres://…`, or `none` to store nothing; unset, the workspace's
   * `.data/hn-pipeline.db` (`defaultDestination()`), or the working folder's outside a workspace.
   */
  destination: string;
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  /**
   * A prebuilt workflow bundle; unset means the one `pnpm --filter worker build` writes, which
   * must exist. `false` (`HN_WORKFLOW_BUNDLE=off`, what `pnpm --filter worker dev` sets) bundles
   * the workflows from their module at start-up.
   */
  workflowBundle: string | false | undefined;
  /** `host:port` for Prometheus metrics, or undefined when off. */
  metricsAddress: string | undefined;
  shutdownGraceMs: number;
  logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  logFormat: 'json' | 'pretty';
}

/** Raised for a bad configuration value; the message lists every problem and how to fix it. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: string[]) {
    super(`Invalid worker configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const int = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}, got "${value}"`,
        });
        return z.NEVER;
      }
      return parsed;
    });

const schema = z.object({
  HN_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  HN_API_URL: z
    .url({
      protocol: /^https?$/,
      error: (i) => `HN_API_URL must be an http(s) URL, got "${String(i.input)}"`,
    })
    .default(DEFAULT_BASE_URL)
    .transform((url) => url.replace(/\/+$/, '')),
  HN_HTTP_CONCURRENCY: int('HN_HTTP_CONCURRENCY', 1, 1000, 50),
  HN_HTTP_TIMEOUT_MS: int('HN_HTTP_TIMEOUT_MS', 100, 300_000, 10_000),
  HN_DESTINATION: z.string().min(1).optional(),
  HN_MAX_CONCURRENT_ACTIVITIES: int('HN_MAX_CONCURRENT_ACTIVITIES', 1, 10_000, 20),
  HN_MAX_CONCURRENT_WORKFLOW_TASKS: int('HN_MAX_CONCURRENT_WORKFLOW_TASKS', 2, 10_000, 10),
  HN_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  HN_METRICS_ADDRESS: z
    .string()
    .default('127.0.0.1:9464')
    .refine((value) => value === 'off' || /^[\w.-]+:\d{1,5}$/.test(value), {
      error: (i) => `HN_METRICS_ADDRESS must be host:port or "off", got "${String(i.input)}"`,
    }),
  HN_SHUTDOWN_GRACE_MS: int('HN_SHUTDOWN_GRACE_MS', 0, 600_000, 10_000),
  LOG_LEVEL: z
    .string()
    .default('INFO')
    .transform((v) => v.toUpperCase())
    .pipe(
      z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'], {
        error: 'LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR',
      }),
    ),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'LOG_FORMAT must be json or pretty' }).optional(),
});

/**
 * Parses and validates the worker's environment. Temporal connection settings
 * (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, TLS, `temporal.toml` profiles)
 * are read separately by `@temporalio/envconfig`.
 *
 * @throws ConfigError listing every invalid value.
 */
export function parseConfig(env: NodeJS.ProcessEnv, isTty = false): WorkerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issueText(issue)));
  }
  const e = parsed.data;
  return {
    taskQueue: e.HN_TASK_QUEUE,
    apiUrl: e.HN_API_URL,
    httpConcurrency: e.HN_HTTP_CONCURRENCY,
    httpTimeoutMs: e.HN_HTTP_TIMEOUT_MS,
    destination: e.HN_DESTINATION ?? defaultDestination(),
    maxConcurrentActivities: e.HN_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTasks: e.HN_MAX_CONCURRENT_WORKFLOW_TASKS,
    workflowBundle: e.HN_WORKFLOW_BUNDLE === 'off' ? false : e.HN_WORKFLOW_BUNDLE,
    metricsAddress: e.HN_METRICS_ADDRESS === 'off' ? undefined : e.HN_METRICS_ADDRESS,
    shutdownGraceMs: e.HN_SHUTDOWN_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (isTty ? 'pretty' : 'json'),
  };
}

function issueText(issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? 'environment');
  return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
}
