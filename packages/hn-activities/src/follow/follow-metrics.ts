import { FOLLOW_METRICS } from '@hn/contract';
import type { MetricMeter } from '@temporalio/common';

/** Why an item was fetched again: `/v0/updates` listed it, or it reached a settling age. */
export type RefreshReason = 'updates' | 'settle';

const counters = new WeakMap<MetricMeter, ReturnType<MetricMeter['createCounter']>>();

/** Counts `count` re-fetched items in `hn_items_refreshed` of `meter` (the activity's). */
export function recordRefreshed(meter: MetricMeter, reason: RefreshReason, count: number): void {
  if (count <= 0) return;
  let counter = counters.get(meter);
  if (counter === undefined) {
    counter = meter.createCounter(
      FOLLOW_METRICS.refreshed,
      'items',
      'Items fetched again and stored: listed by /v0/updates, or at a settling age',
    );
    counters.set(meter, counter);
  }
  counter.add(count, { reason });
}
