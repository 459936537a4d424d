import { describe, expect, it } from 'vitest';
import { parseOverlapPolicy } from './overlap-policy';

describe('parseOverlapPolicy', () => {
  it.each([
    ['skip', 'SKIP'],
    ['buffer-one', 'BUFFER_ONE'],
    ['Buffer_All', 'BUFFER_ALL'],
    ['ALLOW_ALL', 'ALLOW_ALL'],
  ])('parses %s', (input, policy) => {
    expect(parseOverlapPolicy(input)).toBe(policy);
  });

  it('lists the valid policies in its error', () => {
    expect(() => parseOverlapPolicy('UNSPECIFIED')).toThrow(/one of SKIP, BUFFER_ONE/);
  });
});
