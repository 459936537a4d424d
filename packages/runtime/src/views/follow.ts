import type { FollowStatus } from '@hn/contract';

/** A follower's status in one line: phase, cursor, lag, rate, refreshed, settled, polls, the last warning. */
export function followStatusLine(status: FollowStatus): string {
  const warning = status.lastWarning ? ` · warning: ${status.lastWarning.message}` : '';
  return (
    `${status.phase}: cursor ${status.cursor}, maxitem ${status.maxItem}, ` +
    `lag ${status.lagIds} ids / ${status.lagSeconds} s, ${status.itemsPerSecond} items/s, ` +
    `${status.refreshed} refreshed, ${status.settled} settled, ${status.polls} polls${warning}`
  );
}
