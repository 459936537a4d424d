import type { Progress } from '@hn/contract';
import { defineQuery } from '@temporalio/workflow';

/** Query a running (or finished) pipeline's progress: `handle.query(progressQuery)`. */
export const progressQuery = defineQuery<Progress>('progress');
