import { DefaultLogger, Runtime } from '@temporalio/worker';

// Test output shows warnings and errors from the SDK, not every worker state change.
Runtime.install({ logger: new DefaultLogger('WARN') });
