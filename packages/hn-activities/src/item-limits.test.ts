import { FIELD_LIMITS } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { capText, checkItemUrl, limitItem } from './item-limits';
import type { RawItem } from './raw-item';

// Every terminal sequence an item may carry; the pipeline keeps them as data.
const HOSTILE_TEXT =
  '\u001b[2J\u001b[31mred\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 ' +
  '\u001b]52;c;aGk=\u0007 \u001bP1$r\u001b\\ \rover \u0085\u009b1m \u202eevil\u202c';

describe('capText', () => {
  it('keeps text within its cap exactly, control and escape sequences included', () => {
    expect(capText(HOSTILE_TEXT, 1000)).toEqual({
      text: HOSTILE_TEXT,
      truncated: false,
      repaired: false,
    });
  });

  it('cuts to the cap without splitting a surrogate pair', () => {
    expect(capText('abcdef', 4)).toEqual({ text: 'abcd', truncated: true, repaired: false });
    // '😀' is two code units: cutting at 3 would leave half of it.
    expect(capText('ab😀cd', 3)).toEqual({ text: 'ab', truncated: true, repaired: false });
    expect(capText('ab😀cd', 4)).toEqual({ text: 'ab😀', truncated: true, repaired: false });
  });

  it('replaces NUL and unpaired surrogates, which no store keeps, with U+FFFD', () => {
    expect(capText('a\u0000b\ud800c\udfffd😀', 100)).toEqual({
      text: 'a\ufffdb\ufffdc\ufffdd😀',
      truncated: false,
      repaired: true,
    });
  });

  it('rejects a bad cap', () => {
    expect(() => capText('a', -1)).toThrow(RangeError);
  });
});

describe('checkItemUrl', () => {
  it.each([
    'https://example.com',
    'http://example.com/a?b=c#d',
    'HTTPS://Example.COM/Path',
    'https://ja.wikipedia.org/wiki/新幹線',
    'https://user@example.com/',
  ])('keeps %s exactly as served', (url) => {
    expect(checkItemUrl(url)).toEqual({ ok: true, url });
  });

  it.each([
    ['javascript:alert(1)', 'scheme'],
    ['JavaScript:alert(1)', 'scheme'],
    ['java\tscript:alert(1)', 'scheme'],
    [' javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['data:text/html,<script>alert(1)</script>', 'scheme'],
    ['ftp://example.com/file', 'scheme'],
    ['vbscript:msgbox', 'scheme'],
    ['//example.com/path', 'invalid'],
    ['/relative/path', 'invalid'],
    ['not a url', 'invalid'],
    [`https://example.com/${'a'.repeat(FIELD_LIMITS.url)}`, 'too-long'],
    [`https://example.com/${'a'.repeat(10 * FIELD_LIMITS.url)}`, 'too-long'],
  ] as const)('rejects %j as %s', (url, problem) => {
    expect(checkItemUrl(url)).toEqual({ ok: false, problem });
  });

  it('keeps a URL with control, format or space characters in its percent-encoded form', () => {
    expect(checkItemUrl('https://example.com/a b\u001b[2J\u202e')).toEqual({
      ok: true,
      url: 'https://example.com/a%20b%1B[2J%E2%80%AE',
    });
    expect(checkItemUrl('https:example.com')).toEqual({ ok: true, url: 'https://example.com/' });
  });
});

describe('limitItem', () => {
  const item: RawItem = {
    id: 1,
    type: 'story',
    by: 'pg',
    time: 1,
    title: 'Title',
    url: 'https://example.com/',
    text: 'text',
    kids: [2, 3],
  };

  it('leaves an item within its caps unchanged', () => {
    expect(limitItem(item)).toEqual({ item, truncated: [], repaired: [] });
  });

  it('cuts every field to its cap and says which', () => {
    const big: RawItem = {
      ...item,
      title: 't'.repeat(FIELD_LIMITS.title + 1),
      by: 'b'.repeat(100_000),
      text: 'x'.repeat(FIELD_LIMITS.text + 5),
      kids: Array.from({ length: FIELD_LIMITS.kids + 1 }, (_, i) => i + 2),
      parts: Array.from({ length: FIELD_LIMITS.parts + 1 }, (_, i) => i + 2),
    };
    const limited = limitItem(big);
    expect(limited.truncated).toEqual(['title', 'by', 'text', 'kids', 'parts']);
    expect(limited.item.title).toBe('t'.repeat(FIELD_LIMITS.title));
    expect(limited.item.by).toHaveLength(FIELD_LIMITS.by);
    expect(limited.item.text).toHaveLength(FIELD_LIMITS.text);
    expect(limited.item.kids).toHaveLength(FIELD_LIMITS.kids);
    expect(limited.item.parts).toHaveLength(FIELD_LIMITS.parts);
    expect(big.title).toHaveLength(FIELD_LIMITS.title + 1);
  });

  it('drops an unsafe url and says why; an empty url counts as none', () => {
    const unsafe = limitItem({ ...item, url: 'javascript:alert(1)' });
    expect(unsafe.urlProblem).toBe('scheme');
    expect('url' in unsafe.item).toBe(false);
    const empty = limitItem({ ...item, url: '' });
    expect(empty.urlProblem).toBeUndefined();
    expect('url' in empty.item).toBe(false);
  });

  it('repairs text fields and names them', () => {
    expect(limitItem({ ...item, title: 'a\u0000', text: '\udc00' }).repaired).toEqual([
      'title',
      'text',
    ]);
  });
});
