/**
 * What the pipeline's programs share at run time, without loading Temporal: connection settings
 * (`loadConnectionOptions`), the pipeline's default destination (`defaultDestination`), log lines and serialised errors, process warnings, and terminal
 * output that data from outside cannot drive (`sanitizeForTerminal`, `fit`, `renderTable`,
 * `StatusLine`, `toTerminalJson`) and the text views of the pipeline's results (`storiesTable`,
 * `reportSummary`, `ingestSummary`, `backfillSummary`, `statusTable`, `statusJson`, `checkTable`,
 * `followStatusLine`, `scheduleListTable`, the progress lines). Connecting, running a workflow and exit codes are in
 * `@hn/runtime/client`; a worker's connection in `@hn/runtime/worker`.
 *
 * ```ts
 * import { renderTable, toTerminalJson } from '@hn/runtime';
 *
 * console.log(renderTable([{ header: 'title' }], [['Show HN: \x1b[2Jhello']], { width: 80 }).join('\n'));
 * console.log(toTerminalJson({ title: '\u009b31m' })); // parses back to the same value
 * ```
 *
 * @module
 */
export { parseCliArgs } from './cli-args';
export { DEFAULT_DATA_FILE, defaultDestination } from './destination';
export {
  DEFAULT_TEMPORAL_ADDRESS,
  cannotConnectError,
  describeConnection,
  loadConnectionOptions,
  type LoadConnectionOptions,
  type TemporalConnectionConfig,
} from './connection-options';
export {
  escapeControlCharacters,
  escapeJsonForTerminals,
  toTerminalJson,
} from './control-characters';
export { TemporalConnectionError, type TemporalConnectionErrorCode } from './errors';
export {
  formatLogLine,
  toLogValue,
  type LogFormat,
  type LogRecord,
  type LogValueOptions,
} from './log-line';
export { logProcessWarnings, type WarningLogger } from './process-warnings';
export {
  SERIALIZED_ERROR_FIELDS,
  isErrorLike,
  serializeError,
  type SerializeErrorOptions,
  type SerializedError,
} from './serialize-error';
export { REPLACEMENT_CHARACTER, sanitizeForTerminal } from './terminal/sanitize';
export { StatusLine, type TerminalStream } from './terminal/status-line';
export { renderTable, type TableColumn, type TableOptions } from './terminal/table';
export { displayWidth, fit, pad } from './terminal/text';
export {
  backfillProgressLine,
  backfillSummary,
  checkFailureText,
  checkTable,
  checksByPartition,
  checksText,
  ingestProgressLine,
  ingestSummary,
  statusJson,
  statusTable,
  type StatusRow,
} from './views/ingest';
export { followStatusLine } from './views/follow';
export { progressLine } from './views/progress-line';
export { reportSummary } from './views/report';
export { scheduleListTable, type ScheduleListEntry } from './views/schedule-list';
export { storiesTable } from './views/stories-table';
export { wordBars } from './views/word-bars';
