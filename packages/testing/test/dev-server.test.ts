import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../src';

describe('startDevServer', () => {
  let server: DevServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps workflows across a restart on its persistent database', async () => {
    server = await startDevServer({
      dbFilename: join(mkdtempSync(join(tmpdir(), 'hn-dev-')), 'temporal.db'),
    });
    const started = async () => {
      const connection = await Connection.connect({ address: server!.address });
      return { connection, client: new Client({ connection }) };
    };
    let { connection, client } = await started();
    await client.workflow.start('neverPolled', {
      taskQueue: 'nobody-polls',
      workflowId: 'survives-restart',
    });
    await connection.close();

    await server.restart();

    ({ connection, client } = await started());
    const description = await client.workflow.getHandle('survives-restart').describe();
    expect(description.status.name).toBe('RUNNING');
    await connection.close();
  });
});
