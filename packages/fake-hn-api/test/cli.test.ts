import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args';
import { createItemSpace } from '../src/index';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function runCli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('parseCliArgs', () => {
  it('maps flags to server options', () => {
    expect(
      parseCliArgs([
        '--port=4000',
        '--seed',
        '9',
        '--latency',
        '25',
        '--error-rate',
        '0.1',
        '--rate-limit-rate',
        '0.05',
        '--hang-rate',
        '0.01',
        '--malformed-rate',
        '0.02',
        '--fail-next',
        '3',
        '--not-found-lists',
        'job,ask',
        '--retry-after',
        '2',
        '--down',
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 4000,
        seed: 9,
        faults: {
          latencyMs: 25,
          errorRate: 0.1,
          rateLimitRate: 0.05,
          hangRate: 0.01,
          malformedRate: 0.02,
          failNextRequests: 3,
          notFoundLists: ['job', 'ask'],
          retryAfterSeconds: 2,
          down: true,
        },
      },
    });
    expect(parseCliArgs([])).toEqual({ help: false, options: { faults: {} } });
    expect(parseCliArgs(['-h'])).toEqual({ help: true });
    expect(parseCliArgs(['--', '--seed', '4'])).toEqual({
      help: false,
      options: { seed: 4, faults: {} },
    });
  });

  it('maps the generated-space flags', () => {
    expect(
      parseCliArgs(['--generated-space', '--max-item', '5000', '--items-per-hour', '1200']),
    ).toEqual({
      help: false,
      options: { faults: {}, generatedSpace: true, maxItem: 5000, itemsPerHour: 1200 },
    });
    expect(parseCliArgs(['--generated-space'])).toEqual({
      help: false,
      options: { faults: {}, generatedSpace: true },
    });
  });

  it('maps the live flags: a clock from --clock, at --speed', () => {
    const command = parseCliArgs(['--live', '--clock', '2026-12-06T12:00:00Z', '--speed', '0']);
    expect(command).toMatchObject({ help: false, options: { live: { speed: 0 } } });
    const live = (command as { options: { live: { clock: () => number } } }).options.live;
    expect(live.clock() - Date.parse('2026-12-06T12:00:00Z')).toBeLessThan(5_000);
    expect(parseCliArgs(['--live'])).toEqual({ help: false, options: { faults: {}, live: {} } });
  });

  it.each([
    [['--speed', '2'], /add --live/],
    [['--clock', '2026-01-01T00:00:00Z'], /add --live/],
    [['--live', '--max-item', '5000'], /exclude each other/],
    [['--live', '--speed=-1'], /--speed must be from 0/],
    [['--live', '--clock', 'yesterday'], /--clock must be an ISO-8601 time/],
    [['--live', '--clock', '2026-01-01T00:00:00'], /--clock must be an ISO-8601 time/],
  ])('rejects the live flags %j', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(message);
  });

  it.each([
    [['--max-item', '5000'], /add --generated-space/],
    [['--generated-space', '--max-item=-1'], /--max-item must be an integer/],
    [['--generated-space', '--max-item', '2.5'], /--max-item must be an integer/],
    [['--generated-space', '--max-item', '1e12'], /--max-item must be an integer/],
    [['--generated-space', '--items-per-hour', '0'], /--items-per-hour must be from 1/],
    [['--generated-space', '--items-per-hour', 'fast'], /--items-per-hour must be a number/],
  ])('rejects the generated-space flags %j', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(message);
  });

  it.each([
    [['--bogus'], /bogus/],
    [['--port', 'abc'], /--port must be a number/],
    [['--port', '70000'], /--port must be an integer from 0 to 65535, got "70000"/],
    [['--port', '80.5'], /--port must be an integer/],
    [['--help', '--bogus'], /bogus/],
    [['--error-rate', '2'], /errorRate must be a number between 0 and 1/],
    [['--not-found-lists', 'front'], /notFoundLists/],
    [['extra'], /positional/i],
  ])('rejects %j', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});

describe('cli', () => {
  it('prints its base URL as one JSON line, serves, and stops on SIGTERM', async () => {
    const child = runCli(['--seed', '3']);
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    const { baseUrl } = JSON.parse(line) as { baseUrl: string };
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v0$/);
    const top = (await (await fetch(`${baseUrl}/topstories.json`)).json()) as number[];
    expect(top).toHaveLength(500);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('serves a live space at the --clock time from the command line', async () => {
    const child = runCli(['--live', '--clock', '2026-12-06T12:00:00Z', '--speed', '0']);
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const { baseUrl } = JSON.parse(line) as { baseUrl: string };
      const space = createItemSpace({
        live: { clock: () => Date.parse('2026-12-06T12:00:00Z'), speed: 0 },
      });
      expect(await (await fetch(`${baseUrl}/maxitem.json`)).json()).toBe(space.maxItem);
      const updates = (await (await fetch(`${baseUrl}/updates.json`)).json()) as {
        items: number[];
      };
      expect(updates.items.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('serves a generated space from the command line', async () => {
    const child = runCli(['--generated-space', '--max-item', '1000000']);
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const { baseUrl } = JSON.parse(line) as { baseUrl: string };
      expect(await (await fetch(`${baseUrl}/maxitem.json`)).json()).toBe(1_000_000);
      expect(await (await fetch(`${baseUrl}/item/1000000.json`)).json()).toMatchObject({
        id: 1_000_000,
      });
      expect(await (await fetch(`${baseUrl}/item/1000001.json`)).json()).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('exits 2 with a clear message on a bad flag', async () => {
    const child = runCli(['--latency', 'soon']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toMatch(/--latency must be a number, got "soon"/);
    expect(stderr).toMatch(/Usage:/);
  });
});
