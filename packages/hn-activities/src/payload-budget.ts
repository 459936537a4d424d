import type { SkippedItem, Story, StoryFlag } from '@hn/contract';
import { itemPageUrl } from './story';

/**
 * Bytes `value` takes in a Temporal payload: the UTF-8 length of its JSON, as the default data
 * converter writes it.
 */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Bytes one UTF-16 code unit or code point takes inside a JSON string, as UTF-8. */
function charBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2; // \" and \\
  if (code < 0x20)
    return code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // an unpaired surrogate becomes \udxxx
  if (code < 0x10000) return 3;
  return 4;
}

/**
 * The longest prefix of `text` (whole code points) whose JSON string content takes at most
 * `maxBytes` bytes, quotes excluded.
 */
export function cutToJsonBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += charBytes(char.codePointAt(0) ?? 0);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

const FLAG_ORDER: readonly StoryFlag[] = [
  'title-truncated',
  'by-truncated',
  'url-replaced',
  'text-repaired',
];

/** `story` with `flag` added, flags kept in one order. */
export function withFlag(story: Story, flag: StoryFlag): Story {
  const flags = new Set(story.flags ?? []);
  flags.add(flag);
  return { ...story, flags: FLAG_ORDER.filter((f) => flags.has(f)) };
}

/** The site's limit on a title: a title is cut below it only when replacing the url is not enough. */
const MIN_TITLE_UNITS = 80;

/**
 * `story` made to take at most `maxBytes` in a payload: unchanged when it already fits;
 * otherwise the title is cut (to no fewer than 80 code units), then the url is replaced by the
 * item's page, then the title and the author are cut further, each step flagged. Returns the
 * smallest form when even that does not fit (below about 300 bytes).
 */
export function fitStory(story: Story, maxBytes: number): Story {
  if (jsonBytes(story) <= maxBytes) return story;
  const titleCut = cutField(story, 'title', maxBytes);
  if (titleCut.title.length >= Math.min(MIN_TITLE_UNITS, story.title.length)) {
    if (jsonBytes(titleCut) <= maxBytes) return titleCut;
  }
  const pageUrl = itemPageUrl(story.id);
  const base = story.url === pageUrl ? story : withFlag({ ...story, url: pageUrl }, 'url-replaced');
  if (jsonBytes(base) <= maxBytes) return base;
  const shorter = cutField(base, 'title', maxBytes);
  if (jsonBytes(shorter) <= maxBytes) return shorter;
  return cutField(shorter, 'by', maxBytes);
}

function cutField(story: Story, field: 'title' | 'by', maxBytes: number): Story {
  const flagged = withFlag(story, field === 'title' ? 'title-truncated' : 'by-truncated');
  const room = maxBytes - jsonBytes({ ...flagged, [field]: '' });
  const value = cutToJsonBytes(story[field], Math.max(0, room));
  return value === story[field] ? story : { ...flagged, [field]: value };
}

/** `skipped` made to take at most `maxBytes` in a payload by cutting its `detail`. */
export function fitSkipped(skipped: SkippedItem, maxBytes: number): SkippedItem {
  if (skipped.detail === undefined || jsonBytes(skipped) <= maxBytes) return skipped;
  const room = maxBytes - jsonBytes({ ...skipped, detail: '' });
  return { ...skipped, detail: cutToJsonBytes(skipped.detail, Math.max(0, room)) };
}

/**
 * The largest per-entry size `level` such that entries of the given sizes, each cut to at most
 * `level`, take at most `budget` bytes together (water filling: small entries stay whole and
 * leave their unused share to large ones). Returns `Infinity` when everything fits as it is.
 */
export function waterLevel(sizes: readonly number[], budget: number): number {
  let total = 0;
  for (const size of sizes) total += size;
  if (total <= budget) return Number.POSITIVE_INFINITY;
  const sorted = [...sizes].sort((a, b) => a - b);
  let remaining = budget;
  for (let index = 0; index < sorted.length; index += 1) {
    const share = Math.floor(remaining / (sorted.length - index));
    const size = sorted[index] as number;
    if (size > share) return share;
    remaining -= size;
  }
  return Number.POSITIVE_INFINITY;
}
