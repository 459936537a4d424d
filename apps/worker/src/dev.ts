// `pnpm --filter worker dev`: the worker from source, with the workflows always bundled from
// their source at start-up, so an edit is never hidden behind a stale prebuilt bundle.
process.env.HN_WORKFLOW_BUNDLE = 'off';
await import('./main');

export {};
