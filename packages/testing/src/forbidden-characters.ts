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
