/** What a control character that is not part of an escape sequence becomes: visible, one column. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
/** 8-bit forms of the C1 introducers: CSI, OSC, DCS, SOS, PM, APC, and ST. */
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
const C1_STRINGS = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** After ESC: the 7-bit forms of DCS (P), SOS (X), OSC (]), PM (^) and APC (_). */
const ESC_STRINGS = new Set(['P', 'X', ']', '^', '_']);

/**
 * Makes text from outside (titles, authors, urls, notes, server messages) safe to print on a
 * terminal, under one rule:
 *
 * - **Escape sequences are removed entirely**: CSI (`ESC [` … final byte: colours, cursor
 *   moves, clear screen), OSC (`ESC ]` … BEL or ST: titles, OSC 8 hyperlinks, OSC 52 clipboard
 *   writes), DCS, SOS, PM and APC strings (`ESC P`, `ESC X`, `ESC ^`, `ESC _` … ST), two-byte
 *   escapes (`ESC c`, `ESC 7`, …), and their 8-bit C1 forms (U+009B CSI, U+009D OSC, U+0090 DCS,
 *   …). A sequence that is not terminated removes everything up to the end of the text, as a
 *   terminal would swallow it, so cutting text can never leave half a sequence behind.
 * - **Every other control character becomes U+FFFD (�)**, one visible column: C0 controls
 *   (NUL, BEL, BS, TAB, LF, CR, …), DEL, C1 controls U+0080–U+009F, the bidirectional controls
 *   U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, and the line and paragraph separators
 *   U+2028, U+2029.
 *
 * Everything else is kept. Run it on each value before measuring or fitting it: the result has no
 * character that moves the cursor, changes the terminal's state or reorders what is shown.
 */
export function sanitizeForTerminal(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === ESC) {
      i = skipEscape(text, i + 1);
    } else if (code === C1_CSI) {
      i = skipControlSequence(text, i + 1);
    } else if (C1_STRINGS.has(code)) {
      i = skipControlString(text, i + 1);
    } else if (isControl(code)) {
      out += REPLACEMENT_CHARACTER;
      i += 1;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

/** Whether `code` is a control character {@link sanitizeForTerminal} replaces. */
export function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** `at` is just after ESC; returns the index after the sequence. */
function skipEscape(text: string, at: number): number {
  if (at >= text.length) return at;
  const next = text[at]!;
  if (next === '[') return skipControlSequence(text, at + 1);
  if (ESC_STRINGS.has(next)) return skipControlString(text, at + 1);
  let i = at;
  while (i < text.length && inRange(text, i, 0x20, 0x2f)) i += 1; // intermediate bytes
  if (i < text.length && inRange(text, i, 0x30, 0x7e)) return i + 1; // final byte
  // ESC followed by anything else: drop the ESC, keep reading from there.
  return i;
}

/** CSI parameters and intermediates, then one final byte; stops early on anything else. */
function skipControlSequence(text: string, at: number): number {
  let i = at;
  while (i < text.length && inRange(text, i, 0x20, 0x3f)) i += 1;
  if (i < text.length && inRange(text, i, 0x40, 0x7e)) return i + 1;
  return i;
}

/** OSC, DCS, SOS, PM, APC bodies: up to BEL, ST (ESC \ or U+009C), CAN or SUB, else the end. */
function skipControlString(text: string, at: number): number {
  for (let i = at; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === BEL || code === C1_ST || code === CAN || code === SUB) return i + 1;
    if (code === ESC) return text[i + 1] === '\\' ? i + 2 : i;
  }
  return text.length;
}

function inRange(text: string, index: number, low: number, high: number): boolean {
  const code = text.charCodeAt(index);
  return code >= low && code <= high;
}
