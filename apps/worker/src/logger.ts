import { formatLogLine, type LogFormat } from '@hn/runtime';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/**
 * The worker's logger: one JSON object a line (for log collectors), or readable lines on a
 * terminal, formatted by `@hn/runtime`'s `formatLogLine`: errors serialised with their type,
 * code and causes, credentials in URLs redacted, control characters escaped. WARN and ERROR go
 * to stderr, the rest to stdout.
 */
export function createLogger(level: LogLevel, format: LogFormat): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const line = formatLogLine(entry, format);
    (entry.level === 'ERROR' || entry.level === 'WARN' ? process.stderr : process.stdout).write(
      `${line}\n`,
    );
  });
}
