/**
 * `JSON.stringify` escapes C0 controls but leaves DEL, C1 controls (U+0080–U+009F, one of which,
 * U+009B, starts a control sequence on some terminals), bidirectional controls and the line
 * separators raw. These are escaped as `\u` sequences too: the output parses to exactly the same
 * data, and printing it cannot drive the terminal.
 */
const RAW_CONTROLS = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Pretty JSON (2 spaces) that is safe to print on a terminal and parses to `value` exactly. */
export function toTerminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    RAW_CONTROLS,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
