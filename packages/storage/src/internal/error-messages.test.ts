import { describe, expect, it } from 'vitest';
import { postgresConnectionError } from './connection-error';
import { driverError } from './drivers';
import { describeHost } from './describe-host';

const withCode = (code: string, message = 'driver error') =>
  Object.assign(new Error(message), { code });

describe('describeHost', () => {
  it('names host and port, with the default port', () => {
    expect(describeHost('postgres://u:p@db.internal/hn')).toBe('db.internal:5432');
    expect(describeHost('postgres://u:p@10.0.0.5:6543/hn')).toBe('10.0.0.5:6543');
  });
});

describe('postgresConnectionError', () => {
  const url = 'postgres://hn:secret@db:5432/hn';

  it('explains a refused connection, also when Node reports an AggregateError', () => {
    const refused = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'x');
    const error = postgresConnectionError(url, refused);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(error?.message).toContain('postgres://hn:***@db:5432/hn');
    expect(error?.message).toContain('db:5432');
    expect(error?.message).not.toContain('secret');
  });

  it.each([
    ['ENOTFOUND', /host name not found/],
    ['28P01', /authentication failed/],
    ['3D000', /createdb/],
  ])('explains %s', (code, message) => {
    expect(postgresConnectionError(url, withCode(code))?.message).toMatch(message);
  });

  it('leaves other errors alone', () => {
    expect(postgresConnectionError(url, withCode('23502', 'null value'))).toBeUndefined();
  });
});

describe('driverError', () => {
  it('tells how to install a missing driver', () => {
    const error = driverError('pg', 'PostgreSQL', withCode('ERR_MODULE_NOT_FOUND'));
    expect(error).toMatchObject({ code: 'DRIVER_MISSING' });
    expect(error.message).toContain('pnpm add pg');
  });

  it('reports a driver that is installed but broken', () => {
    const error = driverError('better-sqlite3', 'SQLite', new Error('bad ELF header'));
    expect(error).toMatchObject({ code: 'DRIVER_LOAD_FAILED' });
    expect(error.message).toContain('bad ELF header');
  });
});
