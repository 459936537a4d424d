import { FIELD_LIMITS, type WordCount } from '@hn/contract';
import { compareCodePoints } from './internal/compare-code-points';

/**
 * English stopwords dropped by {@link topWords}: the NLTK English list plus common
 * contractions, all lowercase with ASCII apostrophes.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against ain all also am an and any are aren aren't as at be
  because been before being below between both but by can can't cannot could couldn couldn't d
  did didn didn't do does doesn doesn't doing don don't down during each either ever every few
  for from further get gets got had hadn hadn't has hasn hasn't have haven haven't having he
  he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
  if in into is isn isn't it it'd it'll it's its itself just let's ll m ma may me might mightn
  mightn't more most must mustn mustn't my myself needn needn't no nor not now o of off on once
  only or other our ours ourselves out over own re s same shall shan shan't she she'd she'll
  she's should should've shouldn shouldn't so some such t than that that'll that's the their
  theirs them themselves then there there's these they they'd they'll they're they've this
  those through to too under until up upon us ve very via vs was wasn wasn't we we'd we'll
  we're we've were weren weren't what what's when where where's which while who who's whom why
  why's will with within without won won't would wouldn wouldn't y yet you you'd you'll you're
  you've your yours yourself yourselves`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

const TITLE_PREFIX = /^\s*(?:ask|show|tell|launch)\s+hn\s*:\s*/i;
const APOSTROPHES = /[\u2019\u02bc\uff07]/g;
const PURE_NUMBER = /^\p{N}+(?:[.,']\p{N}+)*$/u;
const POSSESSIVE = /'s$/;

let segmenter: Intl.Segmenter | undefined;

/**
 * The `limit` most frequent words across story titles, for a quick view of what a list talks
 * about.
 *
 * Each title is NFKC-normalised, loses a leading "Ask HN:", "Show HN:", "Tell HN:" or
 * "Launch HN:", and is split into words with `Intl.Segmenter` (Unicode word boundaries, so
 * "Node.js" and "don't" stay whole and CJK text is split into words). Words are lowercased
 * with the locale-independent `toLowerCase`, and a trailing possessive "'s" is removed.
 * Stopwords ({@link ENGLISH_STOPWORDS}), pure numbers ("2024", "3.5"), one-character words and
 * runs of letters longer than `FIELD_LIMITS.word` (64 code points: noise, not words) are dropped,
 * so a result of `limit` words stays small.
 *
 * A word counts once per title that uses it (`count` is the number of titles), so one title
 * repeating a word cannot dominate. Ties are broken by the word in ascending code point order,
 * so the result is deterministic. Pure: no I/O, no clock.
 *
 * @param limit - Words to return, a non-negative integer. Default 10.
 * @throws {RangeError} when `limit` is not a non-negative integer.
 */
export function topWords(titles: readonly string[], limit = 10): WordCount[] {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${String(limit)}`);
  }
  const counts = new Map<string, number>();
  for (const title of titles) {
    for (const word of titleWords(title)) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || compareCodePoints(a.word, b.word))
    .slice(0, limit);
}

/** The distinct counted words of one title. */
function titleWords(title: string): Set<string> {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'word' });
  const text = title.normalize('NFKC').replace(TITLE_PREFIX, '').replace(APOSTROPHES, "'");
  const words = new Set<string>();
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike !== true) continue;
    const lower = segment.toLowerCase();
    if (ENGLISH_STOPWORDS.has(lower)) continue;
    const word = lower.replace(POSSESSIVE, '');
    if (ENGLISH_STOPWORDS.has(word) || PURE_NUMBER.test(word)) continue;
    const length = [...word].length;
    if (length < 2 || length > FIELD_LIMITS.word) continue;
    words.add(word);
  }
  return words;
}
