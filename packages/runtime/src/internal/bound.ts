import { redactUrls } from '@hn/contract';

/** `text` with its URLs redacted, cut at `max` characters with a note of how much was cut. */
export function bound(text: string, max: number): string {
  const redacted = redactUrls(String(text));
  if (redacted.length <= max) return redacted;
  return `${redacted.slice(0, max)}… (${redacted.length - max} more characters)`;
}
