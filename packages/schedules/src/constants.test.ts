import { DEFAULT_WORKFLOW_ID, TASK_QUEUE, WORKFLOW_TYPE } from '@hn/workflows';
import { describe, expect, it } from 'vitest';
import { HN_TASK_QUEUE, HN_WORKFLOW_ID_PREFIX, HN_WORKFLOW_TYPE } from './constants';

describe('pipeline constants', () => {
  it('match the ones @hn/workflows exports', () => {
    expect(HN_WORKFLOW_TYPE).toBe(WORKFLOW_TYPE);
    expect(HN_TASK_QUEUE).toBe(TASK_QUEUE);
    expect(HN_WORKFLOW_ID_PREFIX).toBe(DEFAULT_WORKFLOW_ID);
  });
});
