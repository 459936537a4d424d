import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@hn/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReadModelError, openReadOnly } from '../src/index';

describe('openReadOnly on SQLite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hn-read-model-open-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a stored database and refuses writes to it', async () => {
    const config = { kind: 'sqlite', filename: join(dir, 'hn.db') } as const;
    await (await createStore(config)).close();
    const db = await openReadOnly(config);
    try {
      expect(await db.selectFrom('items').select('id').execute()).toEqual([]);
      await expect(db.deleteFrom('items').execute()).rejects.toThrow(/readonly/i);
    } finally {
      await db.destroy();
    }
  });

  it('fails with OPEN_FAILED on a missing file and creates nothing', async () => {
    const filename = join(dir, 'missing', 'hn.db');
    const error = await openReadOnly({ kind: 'sqlite', filename }).catch((e: unknown) => e);
    expect(isReadModelError(error, 'OPEN_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/read-only/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
