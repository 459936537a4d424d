export { parseCliArgs } from './cli-args';
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
