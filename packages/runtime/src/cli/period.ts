import { UsageError } from '../exit-codes';

/** A period of time as flags give it: ISO-8601 times, both ends optional. */
export interface Period {
  from?: string;
  to?: string;
}

/**
 * A `--from`/`--to` period, checked: each end given is an ISO-8601 time and `--to` is after
 * `--from`. Returns the ends given, as a store's filter takes them.
 *
 * ```ts
 * periodFrom({ from: '2025-01-01T00:00:00Z' }); // { from: '2025-01-01T00:00:00Z' }
 * ```
 *
 * @throws UsageError naming each flag (`names`) that is not a time, or a `--to` not after `--from`.
 */
export function periodFrom(
  { from, to }: Period,
  names: { from: string; to: string } = { from: '--from', to: '--to' },
): Period {
  const problems: string[] = [];
  for (const [flag, value] of [
    [names.from, from],
    [names.to, to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      problems.push(
        `${flag} must be an ISO-8601 time such as 2025-01-01T09:00:00Z, got "${value}"`,
      );
    }
  }
  if (problems.length === 0 && from !== undefined && to !== undefined) {
    if (Date.parse(to) <= Date.parse(from)) {
      problems.push(`${names.to} (${to}) must be after ${names.from} (${from})`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}
