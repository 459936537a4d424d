import type { ChildProcess } from 'node:child_process';

interface Task {
  label: string;
  run: () => Promise<unknown>;
}

/**
 * Everything the benchmark started, stopped in reverse order on the way out, on success, error
 * or Ctrl-C alike. Child processes are also killed synchronously if this process exits first.
 */
export class Cleanup {
  private readonly tasks: Task[] = [];
  private readonly children = new Set<ChildProcess>();
  private running: Promise<void> | undefined;

  /**
   * Registers `run` to happen at clean-up; `child`, when given, is SIGKILLed if this process
   * exits before `run` finished. Returns a function that runs the task now and unregisters it.
   */
  add(label: string, run: () => Promise<unknown>, child?: ChildProcess): () => Promise<void> {
    const task: Task = { label, run };
    this.tasks.push(task);
    if (child) {
      this.children.add(child);
      child.once('exit', () => this.children.delete(child));
    }
    return async () => {
      const index = this.tasks.indexOf(task);
      if (index === -1) return;
      this.tasks.splice(index, 1);
      await task.run();
    };
  }

  /** Runs every task, last registered first; a failing task does not stop the others. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.tasks.length > 0) {
        const task = this.tasks.pop()!;
        try {
          await task.run();
        } catch (error) {
          process.stderr.write(`[bench] stopping ${task.label} failed: ${String(error)}\n`);
        }
      }
    })();
    return this.running;
  }

  /** SIGKILLs the child processes still running; for `process.on('exit')`. */
  killAllNow(): void {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
}
