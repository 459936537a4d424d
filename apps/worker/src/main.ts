// The Hacker News pipeline's worker: reads its configuration once, wires the libraries, and
// polls the task queue until SIGINT or SIGTERM, then drains in-flight activities and exits.
import { redactUrl, redactUrls } from '@hn/contract';
import {
  describeConnection,
  escapeControlCharacters,
  loadConnectionOptions,
  logProcessWarnings,
} from '@hn/runtime';
import { connectWorker } from '@hn/runtime/worker';
import { parseDestinationUrl, type StoreConfig } from '@hn/storage';
import { Runtime } from '@temporalio/worker';
import { workflowSource } from './bundle';
import { parseConfig } from './config';
import { createPipelineWorker } from './create-worker';
import { sizeHeap } from './heap';
import { createLogger } from './logger';

async function main(): Promise<void> {
  const startedAt = performance.now();
  sizeHeap();
  const config = parseConfig(process.env, process.stdout.isTTY);
  // Checked before connecting, so a missing bundle or a bad destination URL fails fast.
  const source = workflowSource(config.workflowBundle);
  const destination =
    config.destination === 'none' ? undefined : parseDestinationUrl(config.destination);
  const temporal = loadConnectionOptions();

  const logger = createLogger(config.logLevel, config.logFormat);
  logProcessWarnings(logger);
  Runtime.install({
    logger,
    telemetryOptions: {
      // Core's own logs go through the same logger instead of straight to the console.
      logging: { filter: { core: config.logLevel, other: 'WARN' }, forward: {} },
      ...(config.metricsAddress
        ? { metrics: { prometheus: { bindAddress: config.metricsAddress } } }
        : {}),
    },
  });

  const connection = await connectWorker(temporal);
  try {
    const { worker, close } = await createPipelineWorker(config, connection, temporal.namespace);
    try {
      logger.info('Worker ready', {
        taskQueue: config.taskQueue,
        namespace: temporal.namespace,
        temporal: describeConnection(temporal),
        workflows: source.kind === 'bundle' ? 'prebuilt bundle' : 'bundled at start-up',
        destination: describeDestination(destination),
        apiUrl: redactUrl(config.apiUrl),
        metrics: config.metricsAddress ? `http://${config.metricsAddress}/metrics` : 'off',
        startupMs: Math.round(performance.now() - startedAt),
      });
      await worker.run();
      logger.info('Worker stopped');
    } finally {
      await close();
    }
  } finally {
    await connection.close();
  }
}

function describeDestination(destination: StoreConfig | undefined): string {
  if (!destination) return 'none';
  return destination.kind === 'sqlite'
    ? `sqlite:${destination.filename}`
    : redactUrl(destination.url);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // A fatal error is for a person to read: plain lines on stderr, credentials redacted and
  // control characters escaped line by line.
  const safe = redactUrls(message).split('\n').map(escapeControlCharacters).join('\n');
  process.stderr.write(`worker: ${safe}\n`);
  process.exitCode = 1;
});
