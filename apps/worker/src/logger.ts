import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/** A structured logger: one JSON object a line (for log collectors), or readable lines on a terminal. */
export function createLogger(level: LogLevel, format: 'json' | 'pretty'): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
    const line =
      format === 'json'
        ? JSON.stringify({ time, level: entry.level, message: entry.message, ...entry.meta })
        : `${time} ${entry.level.padEnd(5)} ${entry.message}${entry.meta && Object.keys(entry.meta).length ? ` ${JSON.stringify(entry.meta)}` : ''}`;
    (entry.level === 'ERROR' || entry.level === 'WARN' ? process.stderr : process.stdout).write(
      `${line}\n`,
    );
  });
}
