import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact-credentials';

describe('redactCredentials', () => {
  it.each([
    ['https://user:secret@example.com/v0', 'https://***@example.com/v0'],
    ['http://token@127.0.0.1:8080', 'http://***@127.0.0.1:8080'],
    ['postgres://hn:p%40ss@db:5432/hn', 'postgres://***@db:5432/hn'],
    [
      'GET https://a:b@x.org/v0/item/1.json failed; retried https://c:d@y.org/',
      'GET https://***@x.org/v0/item/1.json failed; retried https://***@y.org/',
    ],
  ])('redacts %s', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });

  it.each([
    'https://example.com/v0',
    'mailto:someone@example.com',
    'https://example.com/path?email=a@b.c',
    'https://example.com/#x@y',
    'no url here, just user@example.com',
  ])('leaves %s unchanged', (text) => {
    expect(redactCredentials(text)).toBe(text);
  });
});
