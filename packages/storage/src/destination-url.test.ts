import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDestinationUrl, readableDestination } from './destination-url';
import { StorageError } from './errors';

describe('parseDestinationUrl', () => {
  it.each([
    ['sqlite:./data/hn.db', { kind: 'sqlite', filename: './data/hn.db' }],
    ['sqlite:///var/lib/hn.db', { kind: 'sqlite', filename: '/var/lib/hn.db' }],
    ['sqlite::memory:', { kind: 'sqlite', filename: ':memory:' }],
    ['./path.db', { kind: 'sqlite', filename: './path.db' }],
    ['../up/hn.sqlite', { kind: 'sqlite', filename: '../up/hn.sqlite' }],
    ['hn.sqlite3', { kind: 'sqlite', filename: 'hn.sqlite3' }],
    ['  /abs/hn  ', { kind: 'sqlite', filename: '/abs/hn' }],
    ['postgres://u:p@db:5432/hn', { kind: 'postgres', url: 'postgres://u:p@db:5432/hn' }],
    [
      'postgresql://db/hn?sslmode=require',
      { kind: 'postgres', url: 'postgresql://db/hn?sslmode=require' },
    ],
  ])('parses %s', (text, expected) => {
    expect(parseDestinationUrl(text)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['sqlite:', /needs a path/],
    ['mysql://localhost/hn', /Unsupported destination scheme "mysql:\/\/"/],
    ['hn', /"hn" is neither/],
    ['postgres://u:p@[bad/hn', /not a valid URL/],
  ])('rejects %j', (text, message) => {
    let error: unknown;
    try {
      parseDestinationUrl(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'INVALID_DESTINATION' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/sqlite:.*postgres:\/\//);
  });

  it('does not echo a destination that may hold a password', () => {
    expect(() => parseDestinationUrl('user:hunter2@db:5432/hn')).toThrow(/^(?!.*hunter2)/s);
  });
});

describe('readableDestination', () => {
  it('names a SQLite file that does not exist yet instead of opening it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hn-readable-'));
    const filename = join(dir, 'hn.db');
    expect(readableDestination(`sqlite:${filename}`)).toEqual({ missing: filename });
    writeFileSync(filename, '');
    expect(readableDestination(`sqlite:${filename}`)).toEqual({
      config: { kind: 'sqlite', filename },
    });
  });

  it('gives PostgreSQL and :memory: as they are, and refuses what is no destination', () => {
    expect(readableDestination('postgres://u:p@db:5432/hn')).toEqual({
      config: { kind: 'postgres', url: 'postgres://u:p@db:5432/hn' },
    });
    expect(readableDestination('sqlite::memory:')).toEqual({
      config: { kind: 'sqlite', filename: ':memory:' },
    });
    expect(() => readableDestination('none')).toThrow(StorageError);
  });
});
