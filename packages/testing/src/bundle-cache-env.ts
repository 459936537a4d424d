/**
 * The folder where the bundles of one test run are shared between its test files (each runs in
 * its own process), set by `bundle-cache-setup.ts`, vitest's global setup for every package.
 * A module of its own, so the global setup does not load the SDK.
 */
export const BUNDLE_CACHE_ENV = 'HN_TEST_BUNDLE_CACHE';
