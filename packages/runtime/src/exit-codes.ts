import { isGrpcServiceError } from '@temporalio/client';
import { TemporalConnectionError } from './errors';

/** Exit codes of a command-line program built on these libraries. Scripts may rely on them. */
export const EXIT = {
  /** The command did what it was asked. */
  OK: 0,
  /** The run or the operation failed (the server rejected it, the workflow failed). */
  FAILED: 1,
  /** Bad command line or option value: nothing was sent. */
  USAGE: 2,
  /** What the command names (a schedule) does not exist. */
  NOT_FOUND: 3,
  /** The Temporal service could not be reached. */
  CANNOT_CONNECT: 4,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as `--help` shows them. */
export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  the run or the operation failed (the reason and its causes are printed)
  2  usage error: a bad command, option or value; nothing was sent
  3  no such schedule
  4  Temporal unreachable`;

/**
 * A bad command line (unknown command or option, missing or invalid value): nothing was sent.
 * Exit code 2.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
  override readonly name = 'UsageError';
}

/** A run that started and then failed; its `cause` is the workflow's failure. Exit code 1. */
export class RunFailedError extends Error {
  readonly code = 'RUN_FAILED';
}

/** A run with the same workflow id is already going. Exit code 1. */
export class AlreadyRunningError extends Error {
  readonly code = 'ALREADY_RUNNING';
}

/** Some partitions of a finished backfill failed (they were listed). Exit code 1. */
export class PartitionsFailedError extends Error {
  readonly code = 'PARTITIONS_FAILED';
}

/** A data-quality check of a stored partition failed (the results were printed). Exit code 1. */
export class ChecksFailedError extends Error {
  override readonly name = 'ChecksFailedError';
}

/** Error classes a program counts as usage errors or as "not found", besides {@link UsageError}. */
export interface ExitCodeRules {
  usage?: ReadonlyArray<abstract new (...args: never[]) => Error>;
  notFound?: ReadonlyArray<abstract new (...args: never[]) => Error>;
}

/** gRPC status UNAVAILABLE: the server went away during a call. */
const GRPC_UNAVAILABLE = 14;
/** Causes followed at most (a chain is never longer in practice; this bounds a cycle). */
const MAX_CAUSES = 20;

/**
 * The exit code an error means (see {@link EXIT}): {@link UsageError} or a `rules.usage` class 2,
 * a `rules.notFound` class 3, a connection failure anywhere in the `cause` chain 4, anything
 * else 1.
 */
export function exitCodeOf(error: unknown, rules: ExitCodeRules = {}): ExitCode {
  const is = (classes: ExitCodeRules['usage'] = []) => classes.some((c) => error instanceof c);
  if (error instanceof UsageError || is(rules.usage)) return EXIT.USAGE;
  if (is(rules.notFound)) return EXIT.NOT_FOUND;
  if (causeChain(error).some(isCannotConnect)) return EXIT.CANNOT_CONNECT;
  return EXIT.FAILED;
}

/** `error`, its `cause`, that one's `cause` ..., outermost first (at most 21, never a cycle). */
export function causeChain(error: unknown): unknown[] {
  const links: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && links.length <= MAX_CAUSES) {
    if (links.includes(current)) break;
    links.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return links;
}

function isCannotConnect(error: unknown): boolean {
  return (
    (error instanceof TemporalConnectionError && error.code === 'CANNOT_CONNECT') ||
    (isGrpcServiceError(error) && (error.code as number) === GRPC_UNAVAILABLE)
  );
}
