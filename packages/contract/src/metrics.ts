/**
 * Names of the application metrics the Hacker News activities emit through the activity's
 * Temporal metric meter (so a worker's Prometheus endpoint or OpenTelemetry exporter carries
 * them), defined once so dashboards, tests and docs use the same names.
 *
 * | name                     | kind    | labels    | what                                                        |
 * | ------------------------ | ------- | --------- | ----------------------------------------------------------- |
 * | `hn_items_ingested`      | counter | `type`    | items stored by `ingestItems`, by item type                 |
 * | `hn_items_missing`       | counter |           | ids stored as `missing` (the API's `null` or a 404)         |
 * | `hn_items_invalid`       | counter |           | ids stored as `invalid` (a payload failing validation)      |
 * | `hn_http_requests`       | counter | `outcome` | Hacker News API requests, by {@link HttpOutcome}            |
 * | `hn_ingest_lag_seconds`  | gauge   |           | now minus the `time` of the newest item this worker stored  |
 * | `hn_partition_checks`    | gauge   | `check`, `status` | stored partitions whose latest `check` has `status` |
 */
export const METRICS = {
  itemsIngested: 'hn_items_ingested',
  itemsMissing: 'hn_items_missing',
  itemsInvalid: 'hn_items_invalid',
  httpRequests: 'hn_http_requests',
  ingestLag: 'hn_ingest_lag_seconds',
  partitionChecks: 'hn_partition_checks',
} as const;

/**
 * The `type` label of `hn_items_ingested`: an item type, or `none` for a tombstone the API
 * serves without a type.
 */
export const INGESTED_ITEM_LABELS = ['story', 'comment', 'job', 'poll', 'pollopt', 'none'] as const;

/**
 * The `outcome` label of `hn_http_requests`, one per request sent (a call aborted before it got
 * a connection slot sends nothing and counts nothing):
 * - `ok`: 2xx with a body that parsed and validated (the API's `null` included);
 * - `not_found` (404), `rate_limited` (429), `http_4xx` (other 4xx), `http_5xx`;
 * - `timeout`, `network` (refused, reset, DNS), `aborted` (the caller cancelled it);
 * - `malformed` (a body that is not JSON), `invalid` (JSON failing the schema, or a 1xx/3xx
 *   status), `too_large` (a body past the size cap).
 */
export const HTTP_OUTCOMES = [
  'ok',
  'not_found',
  'rate_limited',
  'http_4xx',
  'http_5xx',
  'timeout',
  'network',
  'aborted',
  'malformed',
  'invalid',
  'too_large',
] as const;

/** One of the {@link HTTP_OUTCOMES}. */
export type HttpOutcome = (typeof HTTP_OUTCOMES)[number];
