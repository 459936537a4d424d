import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('drops the -- that pnpm passes through, wherever it is', () => {
    const { values } = parseCliArgs(['--', '--port', '80', '--', '--offline'], {
      options: { port: { type: 'string' }, offline: { type: 'boolean' } },
    });
    expect(values).toEqual({ port: '80', offline: true });
  });

  it('is strict: an unknown option throws', () => {
    expect(() => parseCliArgs(['--colour'], { options: {} })).toThrow(/Unknown option '--colour'/);
  });
});
