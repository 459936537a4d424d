import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes';
import { periodFrom } from './period';

describe('periodFrom', () => {
  it('returns the ends given', () => {
    expect(periodFrom({})).toEqual({});
    expect(periodFrom({ from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' })).toEqual({
      from: '2025-01-01T00:00:00Z',
      to: '2025-01-02T00:00:00Z',
    });
  });

  it('names each bad flag, and a --to not after --from', () => {
    expect(() => periodFrom({ from: 'yesterday', to: 'x' })).toThrow(
      new UsageError(
        '--from must be an ISO-8601 time such as 2025-01-01T09:00:00Z, got "yesterday"\n' +
          '--to must be an ISO-8601 time such as 2025-01-01T09:00:00Z, got "x"',
      ),
    );
    expect(() =>
      periodFrom(
        { from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' },
        { from: '--start', to: '--end' },
      ),
    ).toThrow('--end (2025-01-01T00:00:00Z) must be after --start (2025-01-02T00:00:00Z)');
  });
});
