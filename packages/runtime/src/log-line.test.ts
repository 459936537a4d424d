import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, escapeJsonForTerminals } from './control-characters';
import { formatLogLine, toLogValue } from './log-line';

const at = 1_767_225_600_000n * 1_000_000n; // 2026-01-01T00:00:00.000Z
// ESC [2J clears the screen; CSI (U+009B) does the same on some terminals; U+202E reverses text.
const hostile = 'title\u001b[2J\u009b31m\u202eevil\r\nINFO forged line\u0007';

describe('formatLogLine', () => {
  it('json: one parseable line, errors serialised instead of {}, entry fields win', () => {
    const line = formatLogLine(
      {
        level: 'WARN',
        message: 'Activity failed',
        timestampNanos: at,
        meta: { error: new TypeError('bad'), message: 'shadow', count: 3n },
      },
      'json',
    );
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({
      time: '2026-01-01T00:00:00.000Z',
      level: 'WARN',
      message: 'Activity failed',
      error: { name: 'TypeError', message: 'bad' },
      count: '3',
    });
  });

  it('json: no raw control characters, and the data parses back unchanged', () => {
    const line = formatLogLine(
      { level: 'INFO', message: hostile, timestampNanos: at, meta: { title: hostile } },
      'json',
    );
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(line)).toMatchObject({ message: hostile, title: hostile });
  });

  it('pretty: control characters in message, meta and errors are escaped, not printed', () => {
    const line = formatLogLine(
      {
        level: 'WARN',
        message: hostile,
        timestampNanos: at,
        meta: { error: new Error(hostile), title: hostile },
      },
      'pretty',
    );
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(line.startsWith('2026-01-01T00:00:00.000Z WARN  title\\x1b[2J\\x9b31m\\u202eevil')).toBe(
      true,
    );
    expect(line).toContain('"error":{"name":"Error","message":"title\\u001b[2J\\x9b31m');
  });

  it('redacts credentials in URLs in both formats', () => {
    for (const format of ['json', 'pretty'] as const) {
      const line = formatLogLine(
        {
          level: 'INFO',
          message: 'GET https://me:pw@h/v0 failed',
          timestampNanos: at,
          meta: { apiUrl: 'https://h/v0?token=abc', nested: { url: new URL('https://u:p@h/') } },
        },
        format,
      );
      expect(line).not.toMatch(/pw|abc|u:p/);
      expect(line).toContain('https://me:***@h/v0');
    }
  });
});

describe('toLogValue', () => {
  it('bounds depth, entries and strings, and breaks cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(toLogValue(cyclic)).toEqual({ name: 'a', self: '[Circular]' });
    expect(toLogValue({ a: { b: { c: { d: { e: 1 } } } } }, { maxDepth: 2 })).toEqual({
      a: { b: '[Truncated]' },
    });
    expect(toLogValue([1, 2, 3, 4], { maxEntries: 2 })).toEqual([1, 2, '[2 more items]']);
    expect(toLogValue('x'.repeat(20), { maxStringLength: 5 })).toBe('xxxxx… (15 more characters)');
    expect(toLogValue({ f: () => 1, n: Number.NaN, s: Symbol('s') })).toEqual({ n: 'NaN' });
  });
});

describe('escapeControlCharacters / escapeJsonForTerminals', () => {
  it('escapes C0, DEL, C1 and bidi controls and leaves printable text alone', () => {
    expect(escapeControlCharacters('a\u0000\t\n\u001b\u007f\u0085\u009b\u202e\u2066b')).toBe(
      'a\\x00\\x09\\x0a\\x1b\\x7f\\x85\\x9b\\u202e\\u2066b',
    );
    expect(escapeControlCharacters('Shinkansen (新幹線) 🚄 café')).toBe(
      'Shinkansen (新幹線) 🚄 café',
    );
    const json = JSON.stringify({ t: '\u009b\u2028x' });
    expect(escapeJsonForTerminals(json)).toBe('{"t":"\\u009b\\u2028x"}');
    expect(JSON.parse(escapeJsonForTerminals(json))).toEqual({ t: '\u009b\u2028x' });
  });
});
