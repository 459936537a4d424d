import {
  BACKFILL_WORKFLOW_TYPE,
  FOLLOW_WORKFLOW_TYPE,
  INGEST_WORKFLOW_TYPE,
  WORKFLOW_TYPE,
} from '@hn/contract';
import { describe, expect, it } from 'vitest';
import * as workflows from '../src/index';

// A worker resolves a workflow type as `module[workflowType]`: any exported function could be
// started as a workflow, so the module exports the workflows and nothing else callable.
const WORKFLOW_TYPES = [
  WORKFLOW_TYPE,
  INGEST_WORKFLOW_TYPE,
  BACKFILL_WORKFLOW_TYPE,
  FOLLOW_WORKFLOW_TYPE,
];

describe('the workflow module', () => {
  it('exports no function that is not a workflow', () => {
    const functions = Object.entries(workflows)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    expect(functions).toEqual([...WORKFLOW_TYPES].sort());
  });

  it('exports each workflow under its workflow type', () => {
    for (const type of WORKFLOW_TYPES) {
      expect((workflows as Record<string, unknown>)[type]).toBeTypeOf('function');
      expect(((workflows as Record<string, unknown>)[type] as { name: string }).name).toBe(type);
    }
  });
});
