import { describe, expect, it } from 'vitest';
import { FOLLOW_OPTIONS, defaultFollowOptions, resolveFollowInput } from './follow-input';
import { optionHelp } from './options';

describe('resolveFollowInput', () => {
  it('applies the defaults of FOLLOW_OPTIONS and keeps the values given', () => {
    const { input, problems } = resolveFollowInput({ pollIntervalSeconds: 5, fromId: 100 });
    expect(problems).toEqual([]);
    expect(input).toEqual({
      ...defaultFollowOptions(),
      pollIntervalSeconds: 5,
      fromId: 100,
      continuation: null,
    });
    expect(defaultFollowOptions().maxIdsPerPoll).toBe(FOLLOW_OPTIONS.maxIdsPerPoll.default);
  });

  it("names each problem's option, in the input's words or the caller's", () => {
    const bad = { maxRefreshPerPoll: 1_001, fromId: 0 };
    expect(resolveFollowInput(bad).problems).toEqual([
      {
        field: 'maxRefreshPerPoll',
        message: 'maxRefreshPerPoll must be an integer from 0 to 1000, got 1001',
      },
      { field: 'fromId', message: 'fromId must be an item id from 1 to 2147483647, got 0' },
    ]);
    const flags = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    expect(resolveFollowInput(bad, flags).problems.map((p) => p.message)).toEqual([
      '--max-refresh-per-poll must be an integer from 0 to 1000, got 1001',
      '--from-id must be an item id from 1 to 2147483647, got 0',
    ]);
  });

  it('has integer rows, so their help reads like every other table', () => {
    expect(optionHelp(FOLLOW_OPTIONS.pollIntervalSeconds)).toBe(
      'seconds between two polls of maxitem (and of /v0/updates), 1-300 (default 15)',
    );
  });
});
