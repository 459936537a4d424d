// The Hacker News pipeline's worker: reads its configuration once, wires the libraries, and
// polls the task queue until SIGINT or SIGTERM, then drains in-flight activities and exits.
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { createStore, parseDestinationUrl } from '@hn/storage';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workflowSource } from './bundle';
import { parseConfig } from './config';
import { createLogger } from './logger';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = parseConfig(process.env, process.stdout.isTTY);
  const source = workflowSource(config.workflowBundle);
  const destination =
    config.destination === 'none' ? undefined : parseDestinationUrl(config.destination);
  const { connectionOptions, namespace = 'default' } = loadClientConnectConfig();

  const logger = createLogger(config.logLevel, config.logFormat);
  Runtime.install({
    logger,
    telemetryOptions: config.metricsAddress
      ? { metrics: { prometheus: { bindAddress: config.metricsAddress } } }
      : {},
  });

  const connection = await NativeConnection.connect(connectionOptions).catch((error: unknown) => {
    throw new Error(
      `Cannot reach Temporal at ${connectionOptions.address ?? 'localhost:7233'} (namespace ${namespace}): ${(error as Error).message}\n` +
        `Start a dev server (pnpm start does it for you) or set TEMPORAL_ADDRESS / a temporal.toml profile.`,
      { cause: error },
    );
  });
  const store = destination ? await createStore(destination) : undefined;
  const client = createHackerNewsClient({
    baseUrl: config.apiUrl,
    maxConcurrency: config.httpConcurrency,
    timeoutMs: config.httpTimeoutMs,
  });

  try {
    const worker = await Worker.create({
      connection,
      namespace,
      taskQueue: config.taskQueue,
      ...(source.kind === 'bundle'
        ? { workflowBundle: source.workflowBundle }
        : { workflowsPath: source.workflowsPath }),
      activities: createActivities({ client, store, items: store }),
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTasks,
      shutdownGraceTime: config.shutdownGraceMs,
    });
    logger.info('Worker ready', {
      taskQueue: config.taskQueue,
      namespace,
      address: connectionOptions.address,
      workflows: source.kind === 'bundle' ? 'prebuilt bundle' : 'bundled at start-up',
      destination: destination?.kind ?? 'none',
      apiUrl: config.apiUrl,
      metrics: config.metricsAddress ? `http://${config.metricsAddress}/metrics` : 'off',
      startupMs: Math.round(performance.now() - startedAt),
    });
    await worker.run();
    logger.info('Worker stopped');
  } finally {
    await client.close();
    await store?.close();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
