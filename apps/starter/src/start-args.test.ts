import { describe, expect, it } from 'vitest';
import { parseStartArgs, UsageError } from './start-args';

describe('parseStartArgs', () => {
  it('builds the workflow input from flags, asking for a report', () => {
    const args = parseStartArgs([
      '--limit',
      '50',
      '--list',
      'best',
      '--top-words',
      '5',
      '--no-store',
      '--json',
    ]);
    expect(args.input).toMatchObject({
      limit: 50,
      list: 'best',
      topWords: 5,
      store: false,
      output: 'report',
    });
    expect(args).toMatchObject({
      json: true,
      workflowId: 'hackernews-workflow',
      taskQueue: 'hackernews-task-queue',
    });
  });

  it.each([
    [['--limit', 'ten'], /--limit must be a whole number, got "ten"/],
    [['--limit', '501'], /--limit must be an integer from 1 to 500, got 501/],
    [['--list', 'hot'], /--list must be one of top, new, best, ask, show, job, got "hot"/],
    [['--top-words=-1'], /--top-words must be an integer from 0 to 100/],
    [['--limt', '5'], /Unknown option '--limt'/],
    [['--id', ' '], /--id must not be empty/],
  ])('rejects %j with a message naming the flag', (argv, message) => {
    expect(() => parseStartArgs(argv)).toThrow(UsageError);
    expect(() => parseStartArgs(argv)).toThrow(message);
  });
});
