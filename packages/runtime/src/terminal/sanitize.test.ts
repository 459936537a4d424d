import { describe, expect, it } from 'vitest';
import { forbiddenCharacters } from '@hn/testing/forbidden-characters';
import { sanitizeForTerminal } from './sanitize';
import { toTerminalJson } from '../control-characters';

describe('sanitizeForTerminal', () => {
  it.each([
    ['CSI clear screen and home', 'a\x1b[2J\x1b[Hb', 'ab'],
    ['CSI colours', '\x1b[1;31mred\x1b[0m', 'red'],
    ['CSI with private parameters', '\x1b[?1049hx', 'x'],
    [
      'OSC 8 hyperlink, ST-terminated',
      '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\',
      'click',
    ],
    ['OSC 52 clipboard write, BEL-terminated', 'a\x1b]52;c;ZWNobyBwd25lZA==\x07b', 'ab'],
    ['OSC window title', '\x1b]0;owned\x07t', 't'],
    ['DCS', 'a\x1bP1$r0m\x1b\\b', 'ab'],
    ['APC, PM and SOS', '\x1b_x\x1b\\\x1b^y\x1b\\\x1bXz\x1b\\ok', 'ok'],
    ['two-byte escapes', '\x1bc\x1b7\x1b(Bx', 'x'],
    [
      'an unterminated OSC swallows the rest',
      'title \x1b]8;;https://evil.example and more',
      'title ',
    ],
    ['an unterminated DCS swallows the rest', 'a\x1bPqqq', 'a'],
    ['an OSC cut short by another escape', '\x1b]0;x\x1b[31mred', 'red'],
    ['a lone ESC at the end', 'a\x1b', 'a'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['8-bit OSC ended by 8-bit ST', 'a\u009d0;title\u009cb', 'ab'],
    ['8-bit DCS, unterminated', 'a\u0090stuff', 'a'],
    ['carriage return', 'innocent\rEVIL', 'innocent\uFFFDEVIL'],
    [
      'NUL, BEL, backspace, tab, newline',
      'a\0b\x07c\bd\te\nf',
      'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf',
    ],
    ['DEL and C1 controls', 'a\x7fb\u0085c\u0099d', 'a\uFFFDb\uFFFDc\uFFFDd'],
    ['8-bit APC, unterminated', 'a\u009fhidden', 'a'],
    [
      'bidi overrides and isolates',
      '\u202Eevil\u202C \u2066x\u2069 \u200F\u061C',
      '\uFFFDevil\uFFFD \uFFFDx\uFFFD \uFFFD\uFFFD',
    ],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\uFFFDb\uFFFDc'],
    ['wide, combining and emoji text untouched', '新幹線 café 👩‍💻', '新幹線 café 👩‍💻'],
  ])('%s', (_, input, expected) => {
    expect(sanitizeForTerminal(input)).toBe(expected);
  });
});

describe('toTerminalJson', () => {
  it('escapes what JSON.stringify leaves raw, and parses back to the same data', () => {
    const value = { title: 'a\u009b2J\u202Eb\u2028c\x1b[31m\x7f', n: 1 };
    const json = toTerminalJson(value);
    expect(forbiddenCharacters(json)).toEqual([]);
    expect(json).toContain('"a\\u009b2J\\u202eb\\u2028c\\u001b[31m\\u007f"');
    expect(JSON.parse(json)).toEqual(value);
  });
});
