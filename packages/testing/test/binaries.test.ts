import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { provisionedPath, resolveTemporalBinary, TemporalBinaryNotFoundError } from '../src';

describe('resolveTemporalBinary', () => {
  it('prefers an executable named by the env override', () => {
    const bin = join(mkdtempSync(join(tmpdir(), 'hn-bin-')), 'temporal');
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
    const resolved = resolveTemporalBinary('cli', { TEMPORAL_CLI_PATH: bin });
    expect(resolved.source).toBe('env');
    expect(resolved.executable).toEqual({ type: 'existing-path', path: bin });
  });

  it('rejects an override that is not executable, saying what to do', () => {
    expect(() =>
      resolveTemporalBinary('testServer', {
        TEMPORAL_TEST_SERVER_PATH: '/nonexistent/test-server',
      }),
    ).toThrow(TemporalBinaryNotFoundError);
    expect(() =>
      resolveTemporalBinary('testServer', {
        TEMPORAL_TEST_SERVER_PATH: '/nonexistent/test-server',
      }),
    ).toThrow(/TEMPORAL_TEST_SERVER_PATH.*not an executable/);
  });

  it('finds the copies provisioned on install', () => {
    for (const kind of ['cli', 'testServer'] as const) {
      const resolved = resolveTemporalBinary(kind, {});
      expect(resolved.source).toBe('provisioned');
      expect(resolved.executable).toEqual({ type: 'existing-path', path: provisionedPath(kind) });
    }
  });
});
