import type { Client } from '@temporalio/client';
import type { HackerNewsInput, HackerNewsWorkflow } from '@hn/workflows';
import {
  backfillSchedule,
  buildBackfill,
  buildScheduleOptions,
  deleteSchedule,
  describeSchedule,
  ensureSchedule,
  listSchedules,
  parseOverlapPolicy,
  pauseSchedule,
  ScheduleNotFoundError,
  ScheduleValidationError,
  toScheduleListItemView,
  toScheduleView,
  triggerSchedule,
  unpauseSchedule,
  updateSchedule,
  validateScheduleUpdate,
  type EnsureScheduleOptions,
  type OverlapPolicy,
  type UpdateScheduleOptions,
} from '@hn/schedules';
import { HELP, type CommandName } from './commands';
import { UsageError } from './errors';
import { connectFromEnvironment, isCannotConnect, type ConnectedClient } from './connect';
import { EXIT, type ExitCode } from './exit-codes';
import { formatScheduleList, formatScheduleView } from './format';
import { checkInput, inputFromFlags } from './input';
import { parseCommandLine, type FlagValues } from './parse';

/** Where the command writes. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What a command prints: JSON for `--json`, text otherwise. */
interface Output {
  json: unknown;
  text: string;
}

/** A validated command, ready to run against a client. */
type Operation = (client: Client) => Promise<Output>;

type Pipeline = typeof HackerNewsWorkflow;

/** Input of scheduled runs when none is given: a report, which carries `newStoryIds`. */
const SCHEDULED_INPUT: HackerNewsInput = { output: 'report' };

/**
 * Runs the schedule command line and returns its exit code. Everything is validated before
 * connecting, so a usage error never needs a server.
 */
export async function runScheduleCli(
  argv: readonly string[],
  io: CliIo,
  connect: () => Promise<ConnectedClient> = connectFromEnvironment,
): Promise<ExitCode> {
  let json = argv.includes('--json');
  let command: CommandName | undefined;
  let connected: ConnectedClient | undefined;
  try {
    const parsed = parseCommandLine(argv);
    command = parsed.command;
    json = parsed.values.json === true;
    if (parsed.command === undefined || parsed.values.help === true) {
      io.stdout(HELP[parsed.command ?? 'main']);
      return EXIT.OK;
    }
    const operation = prepare(parsed.command, parsed.values);
    connected = await connect();
    const output = await operation(connected.client);
    io.stdout(json ? JSON.stringify(output.json, null, 2) : output.text);
    return EXIT.OK;
  } catch (error) {
    const { exitCode, code } = classify(error);
    const helpFor = command ?? (error instanceof UsageError ? error.command : undefined);
    const hint =
      exitCode === EXIT.USAGE
        ? `\nRun 'pnpm --filter starter schedule${helpFor ? ` ${helpFor}` : ''} --help'.`
        : '';
    const message = (error as Error).message ?? String(error);
    io.stderr(
      json
        ? JSON.stringify({ error: { code, exitCode, message } }, null, 2)
        : `error: ${message}${hint}`,
    );
    return exitCode;
  } finally {
    await connected?.close().catch(() => undefined);
  }
}

function classify(error: unknown): { exitCode: ExitCode; code: string } {
  if (error instanceof UsageError) return { exitCode: EXIT.USAGE, code: error.code };
  if (error instanceof ScheduleValidationError) return { exitCode: EXIT.USAGE, code: error.code };
  if (error instanceof ScheduleNotFoundError) return { exitCode: EXIT.NOT_FOUND, code: error.code };
  if (isCannotConnect(error)) return { exitCode: EXIT.CANNOT_CONNECT, code: 'CANNOT_CONNECT' };
  return { exitCode: EXIT.FAILED, code: 'FAILED' };
}

function prepare(command: CommandName, values: FlagValues): Operation {
  const scheduleId = str(values.id);
  const ref = scheduleId === undefined ? {} : { scheduleId };
  switch (command) {
    case 'create': {
      const options: EnsureScheduleOptions<Pipeline> = {
        ...ref,
        ...settingsFromFlags(values),
        ...(values.paused === true && { paused: true }),
        args: [{ ...SCHEDULED_INPUT, ...inputFromFlags(values) }],
      };
      buildScheduleOptions(options);
      return async (client) => {
        const { scheduleId: id, created } = await ensureSchedule(client, options);
        return describedAs(client, id, created ? 'created' : 'updated');
      };
    }
    case 'update': {
      if (values['pause-on-failure'] === true && values['no-pause-on-failure'] === true) {
        throw new UsageError(
          'Give --pause-on-failure or --no-pause-on-failure, not both.',
          command,
        );
      }
      const input = inputFromFlags(values);
      const options: UpdateScheduleOptions<Pipeline> = {
        ...ref,
        ...settingsFromFlags(values),
        ...(values['no-pause-on-failure'] === true && { pauseOnFailure: false }),
      };
      if (Object.keys(input).length > 0) {
        options.args = ([previous]) => {
          const merged = { ...(isObject(previous) ? previous : {}), ...input };
          checkInput(merged);
          return [merged];
        };
      }
      validateScheduleUpdate(options);
      return async (client) => {
        await updateSchedule(client, options);
        return describedAs(client, options.scheduleId, 'updated');
      };
    }
    case 'describe':
      return (client) => describedAs(client, scheduleId, 'described');
    case 'list': {
      const limit =
        values.limit === undefined ? 100 : positiveInteger(str(values.limit), '--limit');
      const query = str(values.query);
      return async (client) => {
        const items = (await listSchedules(client, { limit, ...(query && { query }) })).map(
          toScheduleListItemView,
        );
        return { json: { schedules: items }, text: formatScheduleList(items) };
      };
    }
    case 'pause':
    case 'unpause': {
      const note = str(values.note);
      return async (client) => {
        const options = { ...ref, ...(note !== undefined && { note }) };
        await (command === 'pause'
          ? pauseSchedule(client, options)
          : unpauseSchedule(client, options));
        return describedAs(client, scheduleId, command === 'pause' ? 'paused' : 'unpaused');
      };
    }
    case 'trigger': {
      const overlap = overlapFrom(values);
      return async (client) => {
        await triggerSchedule(client, { ...ref, ...(overlap && { overlap }) });
        const id = scheduleId ?? 'hackernews-schedule';
        return {
          json: { result: 'triggered', scheduleId: id, overlap: overlap ?? 'schedule policy' },
          text: `Triggered schedule ${id}${overlap ? ` (overlap ${overlap})` : ''}. See the run with 'describe'.`,
        };
      };
    }
    case 'backfill': {
      const start = str(values.start);
      const end = str(values.end);
      if (start === undefined || end === undefined) {
        throw new UsageError(
          'backfill needs --start and --end, e.g. --start 2025-01-01T00:00:00Z --end 2025-01-01T06:00:00Z.',
          command,
        );
      }
      const overlap = overlapFrom(values);
      const backfill = buildBackfill({ start, end, ...(overlap && { overlap }) });
      return async (client) => {
        await backfillSchedule(client, { ...ref, ...backfill });
        const id = scheduleId ?? 'hackernews-schedule';
        const period = { start: backfill.start.toISOString(), end: backfill.end.toISOString() };
        return {
          json: { result: 'backfilled', scheduleId: id, ...period, overlap: backfill.overlap },
          text: `Backfill of ${id} from ${period.start} to ${period.end} requested (overlap ${backfill.overlap}). Runs appear in 'describe'.`,
        };
      };
    }
    case 'delete':
      return async (client) => {
        await deleteSchedule(client, ref);
        const id = scheduleId ?? 'hackernews-schedule';
        return {
          json: { result: 'deleted', scheduleId: id },
          text: `Deleted schedule ${id}. Runs it already started keep running.`,
        };
      };
  }
}

async function describedAs(
  client: Client,
  scheduleId: string | undefined,
  result: string,
): Promise<Output> {
  const view = toScheduleView(
    await describeSchedule(client, scheduleId === undefined ? {} : { scheduleId }),
  );
  const title =
    result === 'described' ? '' : `${capitalize(result)} schedule ${view.scheduleId}.\n`;
  return { json: { result, schedule: view }, text: title + formatScheduleView(view) };
}

function settingsFromFlags(values: FlagValues): EnsureScheduleOptions<Pipeline> {
  const overlap = overlapFrom(values);
  const options: EnsureScheduleOptions<Pipeline> = {};
  const every = str(values.every);
  const cron = str(values.cron);
  const timezone = str(values.timezone);
  const jitter = str(values.jitter);
  const catchupWindow = str(values['catchup-window']);
  const note = str(values.note);
  if (every !== undefined) options.every = every;
  if (cron !== undefined) options.cron = cron;
  if (timezone !== undefined) options.timezone = timezone;
  if (jitter !== undefined) options.jitter = jitter;
  if (overlap !== undefined) options.overlap = overlap;
  if (catchupWindow !== undefined) options.catchupWindow = catchupWindow;
  if (values['pause-on-failure'] === true) options.pauseOnFailure = true;
  if (note !== undefined) options.note = note;
  return options;
}

function overlapFrom(values: FlagValues): OverlapPolicy | undefined {
  const overlap = str(values.overlap);
  return overlap === undefined ? undefined : parseOverlapPolicy(overlap, '--overlap');
}

function positiveInteger(text: string | undefined, flag: string): number {
  if (text === undefined || !/^[1-9]\d*$/.test(text)) {
    throw new UsageError(`Invalid ${flag} '${text}': expected a positive whole number.`);
  }
  return Number(text);
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
