import { asyncLocalStorage } from '@temporalio/activity';
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import { METRICS, type HttpOutcome, type ItemRecord, type PartitionCheckCount } from '@hn/contract';
import type { HackerNewsErrorCode } from './errors';

/**
 * The metric meter of the activity this code runs in (with the SDK's `namespace`,
 * `taskQueue` and `activityType` tags), or a meter that records nothing outside an
 * activity (unit tests, scripts): recording a metric never fails the caller.
 */
export function activityMetricMeter(): MetricMeter {
  // The context's store read directly: `Context.current()` throws (an Error and its stack trace)
  // outside an activity, and this runs once per request.
  return asyncLocalStorage.getStore()?.metricMeter ?? noopMetricMeter;
}

/** The instruments of one meter, created once per activity execution. */
interface Instruments {
  meter: MetricMeter;
  itemsIngested: ReturnType<MetricMeter['createCounter']>;
  itemsMissing: ReturnType<MetricMeter['createCounter']>;
  itemsInvalid: ReturnType<MetricMeter['createCounter']>;
  httpRequests: ReturnType<MetricMeter['createCounter']>;
  ingestLag: ReturnType<MetricMeter['createGauge']>;
  partitionChecks: ReturnType<MetricMeter['createGauge']>;
}

const instrumentsByMeter = new WeakMap<MetricMeter, Instruments>();

function instruments(meter: MetricMeter): Instruments {
  let found = instrumentsByMeter.get(meter);
  if (found === undefined) {
    found = {
      meter,
      itemsIngested: meter.createCounter(
        METRICS.itemsIngested,
        'items',
        'Items stored by ingestItems, by item type (none: a tombstone without a type)',
      ),
      itemsMissing: meter.createCounter(
        METRICS.itemsMissing,
        'ids',
        'Ids stored as missing: the API answered null or 404',
      ),
      itemsInvalid: meter.createCounter(
        METRICS.itemsInvalid,
        'ids',
        'Ids stored as invalid: the payload failed validation or passed the size cap',
      ),
      httpRequests: meter.createCounter(
        METRICS.httpRequests,
        'requests',
        'Hacker News API requests by outcome',
      ),
      ingestLag: meter.createGauge(
        METRICS.ingestLag,
        'float',
        's',
        'Now minus the time of the newest item this worker stored',
      ),
      partitionChecks: meter.createGauge(
        METRICS.partitionChecks,
        'int',
        'partitions',
        'Stored partitions whose latest data-quality check of this name has this status',
      ),
    };
    instrumentsByMeter.set(meter, found);
  }
  return found;
}

/** The `outcome` label of a failed request, from its error code. */
export function httpOutcomeOf(code: HackerNewsErrorCode): HttpOutcome {
  switch (code) {
    case 'NOT_FOUND':
      return 'not_found';
    case 'RATE_LIMITED':
      return 'rate_limited';
    case 'HTTP_4XX':
      return 'http_4xx';
    case 'HTTP_5XX':
      return 'http_5xx';
    case 'TIMEOUT':
      return 'timeout';
    case 'NETWORK':
      return 'network';
    case 'ABORTED':
      return 'aborted';
    case 'MALFORMED_RESPONSE':
      return 'malformed';
    case 'INVALID_PAYLOAD':
      return 'invalid';
    case 'RESPONSE_TOO_LARGE':
      return 'too_large';
  }
}

/** Counts one Hacker News request in `hn_http_requests` of the current activity's meter. */
export function recordHttpRequest(outcome: HttpOutcome): void {
  const meter = activityMetricMeter();
  if (meter !== noopMetricMeter) instruments(meter).httpRequests.add(1, { outcome });
}

/**
 * Records what one stored batch held, on the meter `meter` (the activity's): items by type,
 * missing and invalid ids; returns the newest item `time` (Unix seconds) of the batch, or
 * undefined when it has no item with a time.
 */
export function recordStoredBatch(
  meter: MetricMeter,
  records: readonly ItemRecord[],
): number | undefined {
  const { itemsIngested, itemsMissing, itemsInvalid } = instruments(meter);
  const byType = new Map<string, number>();
  let missing = 0;
  let invalid = 0;
  let newest: number | undefined;
  for (const record of records) {
    if (record.status === 'missing') missing += 1;
    else if (record.status === 'invalid') invalid += 1;
    else {
      const type = record.type ?? 'none';
      byType.set(type, (byType.get(type) ?? 0) + 1);
      if (record.time !== null && (newest === undefined || record.time > newest)) {
        newest = record.time;
      }
    }
  }
  for (const [type, count] of byType) itemsIngested.add(count, { type });
  if (missing > 0) itemsMissing.add(missing);
  if (invalid > 0) itemsInvalid.add(invalid);
  return newest;
}

/** Sets `hn_ingest_lag_seconds` to `nowMs` minus `newestTime` (Unix seconds), never below 0. */
export function recordIngestLag(meter: MetricMeter, newestTime: number, nowMs: number): void {
  instruments(meter).ingestLag.set(Math.max(0, nowMs / 1000 - newestTime));
}

/**
 * Sets `hn_partition_checks{check, status}` to each count: the stored partitions whose latest
 * check of that name has that status (every pair, zeros included, so a cleared failure reads 0).
 */
export function recordPartitionChecks(
  meter: MetricMeter,
  counts: readonly PartitionCheckCount[],
): void {
  const { partitionChecks } = instruments(meter);
  for (const { check, status, partitions } of counts) {
    partitionChecks.set(partitions, { check, status });
  }
}
