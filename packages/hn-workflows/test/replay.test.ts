import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowsOnce } from '@hn/testing';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../src/worker';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(dir).filter((name) => name.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has the recorded histories to replay', () => {
    // Exactly those `record-histories.ts` writes: one lost or renamed is a test gone.
    expect(files.sort()).toEqual([
      'backfill-continue-as-new.json',
      'follow-continue-as-new.json',
      'ingest-continue-as-new.json',
      'invalid-input.json',
      'outage-and-skips.json',
      'report-100-chunked.json',
      'tutorial-default.json',
    ]);
  });

  it.each(files)('%s replays deterministically against the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));
    const results = Worker.runReplayHistories(
      { workflowBundle: await bundleWorkflowsOnce(workflowsPath()), replayName: file },
      [{ workflowId: file.replace(/\.json$/, ''), history }],
    );
    let replayed = 0;
    for await (const result of results) {
      expect(result.error, String(result.error)).toBeUndefined();
      replayed += 1;
    }
    // A loop that never ran would pass without replaying anything.
    expect(replayed).toBe(1);
  });
});
