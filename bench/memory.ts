import { readdirSync, readFileSync } from 'node:fs';

/** Memory figures of one process from `/proc/<pid>/status`, in MiB. */
export interface ProcessMemory {
  /** Resident set size now. */
  rssMb: number;
  /** Peak resident set size since the process started (`VmHWM`). */
  peakRssMb: number;
}

/** Reads `VmRSS` and `VmHWM` of `pid`. Linux only. */
export function readMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]);
  };
  return { rssMb: toMb(kb('VmRSS')), peakRssMb: toMb(kb('VmHWM')) };
}

/** The command line of `pid`, one entry an argument. */
export function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

/** CPU time `pid` has used so far (user + system), in seconds, from `/proc/<pid>/stat`. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in parentheses may hold spaces: the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peaks of a heap log written by `heap-sampler.mjs`, main thread only, in MiB. */
export interface HeapPeaks {
  /** V8 heap committed (`total_heap_size`). */
  heapTotalMb: number;
  /** Old space committed. */
  oldSpaceMb: number;
  /** New space committed (both semi-spaces). */
  newSpaceMb: number;
}

/** Reads the main thread's peaks from a heap log; `undefined` when it holds no line. */
export function readHeapPeaks(file: string): HeapPeaks | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as { thread: number; heapTotal: number; spaces: Record<string, number> },
    )
    .filter((line) => line.thread === 0);
  if (lines.length === 0) return undefined;
  const peak = (read: (line: (typeof lines)[number]) => number) => Math.max(...lines.map(read));
  return {
    heapTotalMb: peak((line) => line.heapTotal),
    oldSpaceMb: peak((line) => line.spaces.old_space ?? 0),
    newSpaceMb: peak((line) => line.spaces.new_space ?? 0),
  };
}

/** Pids whose parent is `pid`. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in parentheses may hold spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** A running `VmRSS` sampler. */
export interface RssSampler {
  /** Stops sampling; returns the highest `VmRSS` seen and how many samples were taken. */
  stop(): { peakRssMb: number; samples: number };
}

/** Samples `VmRSS` of `pid` every `intervalMs` until stopped. */
export function sampleRss(pid: number, intervalMs = 50): RssSampler {
  let peak = 0;
  let samples = 0;
  const sample = (): void => {
    try {
      peak = Math.max(peak, readMemory(pid).rssMb);
      samples += 1;
    } catch {
      // The process is gone; the caller notices on its own.
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: peak, samples };
    },
  };
}

function toMb(kb: number): number {
  return Math.round((kb / 1024) * 10) / 10;
}
