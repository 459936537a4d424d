import { DefaultLogger, Runtime } from '@temporalio/worker';

// Test output shows the SDK's errors, not every worker state change or retried activity.
Runtime.install({ logger: new DefaultLogger('ERROR') });
