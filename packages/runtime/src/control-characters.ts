// C0 controls (newline, tab and ESC among them), DEL, C1 controls (CSI U+009B acts like ESC [
// on some terminals), and the bidirectional formatting characters that reorder what a terminal
// shows (the "Trojan Source" trick).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_FOR_TERMINALS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every character a terminal would interpret instead of print written as an escape:
 * C0 controls and DEL as `\x1b`, `\n`-style `\x0a`, C1 controls as `\x9b`, bidirectional
 * formatting characters as `\u202e`. For human-readable output of data that may be untrusted;
 * printable text, including non-Latin scripts and emoji, is left as it is.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINALS, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// Characters JSON may carry raw but a terminal would interpret: DEL, C1 controls (U+009B starts
// a control sequence on some terminals), the bidirectional controls and the line separators.
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from `JSON.stringify`, which escapes only C0 controls) with DEL, C1 controls,
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the
 * line/paragraph separators escaped as `\uXXXX` too. The result parses to the same value, and
 * printing it cannot drive the terminal.
 */
export function escapeJsonForTerminals(json: string): string {
  return json.replace(
    RAW_IN_JSON,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Pretty JSON (2 spaces) that is safe to print on a terminal and parses to `value` exactly. */
export function toTerminalJson(value: unknown): string {
  return escapeJsonForTerminals(JSON.stringify(value, null, 2));
}
