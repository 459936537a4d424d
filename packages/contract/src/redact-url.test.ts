import { describe, expect, it } from 'vitest';
import { isSensitiveParameter, redactUrl, redactUrls } from './redact-url';

describe('redactUrl', () => {
  it.each([
    ['https://me:hunter2@hn.example/v0', 'https://me:***@hn.example/v0'],
    ['postgres://hn:s3cret@db:5432/hn', 'postgres://hn:***@db:5432/hn'],
    ['postgres://hn:p%40ss@db:5432/hn', 'postgres://hn:***@db:5432/hn'],
    // An unencoded `@` in the password: the user info ends at the last `@`.
    ['postgres://hn:p@ss@db/hn', 'postgres://hn:***@db/hn'],
    ['redis://:s3cret@cache:6379', 'redis://:***@cache:6379'],
    // A user name alone is a token in http(s) and ws(s) URLs, a plain user name elsewhere.
    ['https://ghp_abc123@hn.example/v0', 'https://***@hn.example/v0'],
    ['http://token@127.0.0.1:8080', 'http://***@127.0.0.1:8080'],
    ['wss://token@h/socket', 'wss://***@h/socket'],
    ['postgres://hn@db/hn', 'postgres://hn@db/hn'],
    ['HTTPS://ME:PW@H/', 'HTTPS://ME:***@H/'],
  ])('hides the password, or a token standing for the user: %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('hides sensitive query and fragment parameters, case-insensitively, keeping the others', () => {
    expect(redactUrl('https://h/v0?token=abc&page=2&API_KEY=k&x-amz-security-token=t')).toBe(
      'https://h/v0?token=***&page=2&API_KEY=***&x-amz-security-token=***',
    );
    expect(redactUrl('https://h/cb#access_token=abc&state=1')).toBe(
      'https://h/cb#access_token=***&state=1',
    );
    expect(redactUrl('postgres://hn:secret@db:5432/hn?password=other&sslmode=require')).toBe(
      'postgres://hn:***@db:5432/hn?password=***&sslmode=require',
    );
    expect(redactUrl('https://h?api%5Fkey=k')).toBe('https://h?api%5Fkey=***');
  });

  it.each([
    'http://127.0.0.1:9999/v0',
    'HTTP://H',
    'https://h/a%20b?q=a+b&page=2',
    'postgres://db/hn',
    'https://user:@h/',
    'https://example.com/path?email=a@b.c',
    'https://example.com/#x@y',
    'https://example.com/a@b',
    'mailto:someone@example.com',
    'not a url: secret',
  ])('returns %s unchanged, character for character', (url) => {
    expect(redactUrl(url)).toBe(url);
  });

  it('masks what a URL parser would reject as well', () => {
    expect(redactUrl('http://me:pw@[bad/v0?token=abc')).toBe('http://me:***@[bad/v0?token=***');
  });
});

describe('isSensitiveParameter', () => {
  it('knows its list and the suffix rule, without catching look-alikes', () => {
    for (const name of ['token', 'Auth', 'apikey', 'client_secret', 'app.key', 'X-Amz-Signature']) {
      expect(isSensitiveParameter(name)).toBe(true);
    }
    for (const name of ['page', 'monkey', 'keyword', 'tokens_per_page', 'author']) {
      expect(isSensitiveParameter(name)).toBe(false);
    }
  });
});

describe('redactUrls', () => {
  it('redacts every URL in running text and keeps the punctuation after it', () => {
    expect(
      redactUrls(
        'GET https://me:pw@hn.example/v0/item/1.json failed (see http://h/?key=k). Retry http://ok/.',
      ),
    ).toBe(
      'GET https://me:***@hn.example/v0/item/1.json failed (see http://h/?key=***). Retry http://ok/.',
    );
    expect(
      redactUrls('GET https://a:b@x.org/v0/item/1.json failed; retried "https://c:d@y.org/"'),
    ).toBe('GET https://a:***@x.org/v0/item/1.json failed; retried "https://c:***@y.org/"');
  });

  it.each(['no url here', 'no url here, just user@example.com', 'mailto:someone@example.com'])(
    'leaves %s unchanged',
    (text) => {
      expect(redactUrls(text)).toBe(text);
    },
  );
});
