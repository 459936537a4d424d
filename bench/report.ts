import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** One line of the printed table. */
export interface Row {
  metric: string;
  measured: string;
  target: string;
  /** `pass`, `miss`, or `info` for a figure without a target. */
  result: 'pass' | 'miss' | 'info';
}

/** A row with a target: `pass` when `ok`. */
export function checked(metric: string, measured: string, target: string, ok: boolean): Row {
  return { metric, measured, target, result: ok ? 'pass' : 'miss' };
}

/** A row without a target. */
export function info(metric: string, measured: string): Row {
  return { metric, measured, target: '', result: 'info' };
}

/** The rows as a plain-text table with aligned columns. */
export function formatTable(rows: readonly Row[]): string {
  const header: Row = { metric: 'metric', measured: 'measured', target: 'target', result: 'info' };
  const cells = [header, ...rows].map((row, index) => [
    row.metric,
    row.measured,
    row.target,
    index === 0 ? 'result' : row.result === 'info' ? '' : row.result,
  ]);
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...cells.map((line) => line[column]!.length)),
  );
  const format = (line: string[]) =>
    line
      .map((cell, column) =>
        column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [
    format(cells[0]!),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map(format),
  ].join('\n');
}

/** Milliseconds for the table: `812 ms`, or `25.3 s` from 10 s on. */
export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** The machine the figures come from. */
export function machineInfo() {
  const cpus = os.cpus();
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    commit = undefined;
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    arch: process.arch,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    commit,
  };
}
