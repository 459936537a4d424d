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
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays deterministically against the current workflow code', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));
    const results = Worker.runReplayHistories(
      { workflowBundle: await bundleWorkflowsOnce(workflowsPath()), replayName: file },
      [{ workflowId: file.replace(/\.json$/, ''), history }],
    );
    for await (const result of results) {
      expect(result.error, String(result.error)).toBeUndefined();
    }
  });
});
