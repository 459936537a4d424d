// The dashboard's HTTP surface without a browser: validation, bounds, headers, binding.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@hn/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../src/index';

let dashboard: RunningDashboard;

beforeAll(async () => {
  const filename = join(mkdtempSync(join(tmpdir(), 'hn-dashboard-server-')), 'hn.db');
  await (await createStore({ kind: 'sqlite', filename })).close();
  dashboard = await startDashboard({ destination: filename, temporal: false });
});
afterAll(async () => {
  await dashboard?.close();
});

async function get(path: string) {
  const response = await fetch(new URL(path, dashboard.url));
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('the dashboard server', () => {
  it('binds 127.0.0.1 by default', () => {
    expect(new URL(dashboard.url).hostname).toBe('127.0.0.1');
  });

  it.each([
    ['/api/partitions/grid?days=3650', '"days" must be an integer from 1 to 366.'],
    [
      '/api/partitions/grid?filter=%3Cscript%3E',
      '"filter" must be one of "all", "failed", "missing".',
    ],
    ['/api/partitions/grid?from=yesterday', '"from" must be a UTC day such as 2025-01-01'],
    ['/api/health?x=1', '"x" is not a parameter here; allowed: none.'],
    ['/api/data/top-stories?limit=0', '"limit" must be an integer from 1 to 100.'],
    ['/api/data/top-stories?days=1&days=2', '"days" is not a parameter here'],
    [
      '/api/data/top-stories?limit=1&limit=2',
      '"limit" must be an integer from 1 to 100, given once.',
    ],
    ['/api/data/word-trend?from=1999-01-01', '"from" must be an ISO-8601 UTC instant'],
    ['/api/partitions/detail', 'Give exactly one of "key" or "at".'],
  ])('answers %s with 400 saying what is allowed', async (path, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.error).toContain(message);
  });

  it('bounds a ten-year period instead of reading it', async () => {
    const { status, body } = await get('/api/data/items-per-hour?from=2016-01-01&to=2026-01-01');
    expect(status).toBe(200);
    expect(body.period).toEqual({
      from: '2025-12-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
      clamped: true,
    });
    expect((body.hours as unknown[]).length).toBe(31 * 24);
  });

  it('answers 404 for a partition that is not stored, and sends safe headers', async () => {
    const { status, headers } = await get('/api/partitions/detail?key=window:x');
    expect(status).toBe(404);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses a store that does not exist instead of creating it', async () => {
    await expect(
      startDashboard({ destination: join(tmpdir(), 'no-such-dir', 'hn.db'), temporal: false }),
    ).rejects.toThrow(/read-only/);
  });
});
