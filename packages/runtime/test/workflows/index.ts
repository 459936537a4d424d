// A workflow for the client helpers' tests: it runs until its `stop` update, which answers.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** Ends the workflow; answers `stopped`. */
export const stopUpdate = defineUpdate<string>('stop');

/** Waits for {@link stopUpdate}, then returns. */
export async function stoppable(): Promise<string> {
  let stopped = false;
  setHandler(stopUpdate, () => {
    stopped = true;
    return 'stopped';
  });
  await condition(() => stopped);
  return 'done';
}
