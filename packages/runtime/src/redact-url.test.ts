import { describe, expect, it } from 'vitest';
import { isSensitiveParameter, redactUrl, redactUrls } from './redact-url';

describe('redactUrl', () => {
  it('hides the password of the user info, or a user name that stands alone', () => {
    expect(redactUrl('https://me:hunter2@hn.example/v0')).toBe('https://me:***@hn.example/v0');
    expect(redactUrl('https://ghp_abc123@hn.example/v0')).toBe('https://***@hn.example/v0');
    expect(redactUrl('postgres://hn:s3cret@db:5432/hn')).toBe('postgres://hn:***@db:5432/hn');
  });

  it('hides sensitive query and fragment parameters, case-insensitively, keeping the others', () => {
    expect(redactUrl('https://h/v0?token=abc&page=2&API_KEY=k&x-amz-security-token=t')).toBe(
      'https://h/v0?token=***&page=2&API_KEY=***&x-amz-security-token=***',
    );
    expect(redactUrl('https://h/cb#access_token=abc&state=1')).toBe(
      'https://h/cb#access_token=***&state=1',
    );
    expect(redactUrl('postgres://db/hn?sslmode=require&password=p')).toBe(
      'postgres://db/hn?sslmode=require&password=***',
    );
  });

  it('returns a URL without credentials unchanged, character for character', () => {
    for (const url of ['http://127.0.0.1:9999/v0', 'HTTP://H', 'https://h/a%20b?q=a+b&page=2']) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('masks text that does not parse as a URL by pattern', () => {
    const masked = redactUrl('http://me:pw@[bad/v0?token=abc');
    expect(masked).not.toContain('pw');
    expect(masked).not.toContain('abc');
  });

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
    expect(redactUrls('no url here')).toBe('no url here');
  });
});
