import { describe, expect, it } from 'vitest';
import { createStore, type StoreConfig } from '../src/index';
import { freePort } from '@hn/testing';

describe('createStore configuration', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'an unknown kind',
      { kind: 'mysql', url: 'mysql://localhost/hn' },
      /Unknown store kind "mysql"/,
    ],
    ['no configuration', undefined, /configuration object/],
    ['an empty filename', { kind: 'sqlite', filename: '  ' }, /filename/],
    [
      'a URL that is not postgres://',
      { kind: 'postgres', url: 'http://localhost:5432/hn' },
      /postgres:\/\//,
    ],
    [
      'a pool size of zero',
      { kind: 'postgres', url: 'postgres://localhost/hn', poolSize: 0 },
      /poolSize/,
    ],
  ])('rejects %s with INVALID_CONFIG', async (_, config, message) => {
    const error = await createStore(config as StoreConfig).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', code: 'INVALID_CONFIG' });
    expect((error as Error).message).toMatch(message);
  });
});

describe('PostgreSQL unreachable', () => {
  it('says which server and what to check, without the password', async () => {
    const port = await freePort();
    const url = `postgres://hn:s3cret-pw@127.0.0.1:${port}/hn`;
    const error = await createStore({ kind: 'postgres', url, connectionTimeoutMs: 5000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'StorageError', code: 'CONNECTION_FAILED' });
    const { message } = error as Error;
    expect(message).toContain(`postgres://hn:***@127.0.0.1:${port}/hn`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toContain('s3cret-pw');
  });
});
