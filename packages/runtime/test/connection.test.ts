import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalEnv, freePort } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeConnection,
  loadConnectionOptions,
  TemporalConnectionError,
  type TemporalConnectionConfig,
} from '../src/index';
import { connectClient } from '../src/client';
import { connectWorker } from '../src/worker';

const NO_FILE = { TEMPORAL_CONFIG_FILE: join(tmpdir(), 'no-such-temporal.toml') };

function tomlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hn-runtime-')), 'temporal.toml');
  writeFileSync(file, text);
  return file;
}

describe('loadConnectionOptions', () => {
  it('defaults to localhost:7233 and namespace default', () => {
    const config = loadConnectionOptions({ env: NO_FILE });
    expect(config).toMatchObject({
      address: 'localhost:7233',
      namespace: 'default',
      profile: 'default',
      tls: false,
      apiKey: false,
    });
    expect(describeConnection(config)).toBe('localhost:7233 (namespace default)');
  });

  it('reads a temporal.toml profile, and TEMPORAL_* variables override it', () => {
    const file = tomlFile(
      '[profile.default]\naddress = "a:1"\n\n[profile.cloud]\naddress = "acme.tmprl.cloud:7233"\nnamespace = "acme"\napi_key = "sekrit"\n',
    );
    const cloud = loadConnectionOptions({
      env: { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cloud' },
    });
    expect(cloud).toMatchObject({
      address: 'acme.tmprl.cloud:7233',
      namespace: 'acme',
      profile: 'cloud',
      tls: true,
      apiKey: true,
    });
    expect(cloud.connectionOptions.apiKey).toBe('sekrit');
    expect(describeConnection(cloud)).toBe('acme.tmprl.cloud:7233 (namespace acme, TLS, API key)');
    expect(describeConnection(cloud)).not.toContain('sekrit');

    const overridden = loadConnectionOptions({
      env: { TEMPORAL_CONFIG_FILE: file, TEMPORAL_ADDRESS: 'b:2', TEMPORAL_NAMESPACE: 'n' },
    });
    expect(overridden).toMatchObject({ address: 'b:2', namespace: 'n', profile: 'default' });
  });

  it('rejects an unknown profile or a broken file, saying what to fix', () => {
    const file = tomlFile('[profile.default]\naddress = "a:1"\n');
    for (const env of [
      { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' },
      { TEMPORAL_CONFIG_FILE: tomlFile('this is = = not toml') },
    ]) {
      let error: unknown;
      try {
        loadConnectionOptions({ env });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TemporalConnectionError);
      expect(error).toMatchObject({ code: 'INVALID_CONNECTION_CONFIG' });
      expect((error as Error).message).toMatch(/Cannot read the Temporal connection settings/);
      expect((error as Error).message).toContain(env.TEMPORAL_CONFIG_FILE);
    }
  });
});

describe('connectClient and connectWorker', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('connect to a running service with the shared settings', async () => {
    const config = loadConnectionOptions({ env: { ...NO_FILE, TEMPORAL_ADDRESS: env.address } });
    const client = await connectClient(config);
    try {
      const { namespaceInfo } = await client.workflowService.describeNamespace({
        namespace: config.namespace,
      });
      expect(namespaceInfo?.name).toBe('default');
    } finally {
      await client.connection.close();
    }
    const connection = await connectWorker(config);
    await connection.close();
  });

  it('name the address and how to start a server when nothing listens there', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const config: TemporalConnectionConfig = loadConnectionOptions({
      env: { ...NO_FILE, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'hn' },
    });
    for (const connect of [
      () => connectClient(config, { connectTimeoutMs: 2000 }),
      () => connectWorker(config),
    ]) {
      const error = await connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TemporalConnectionError);
      expect(error).toMatchObject({ code: 'CANNOT_CONNECT', address, namespace: 'hn' });
      const { message } = error as Error;
      expect(message).toContain(`Cannot connect to Temporal at ${address} (namespace hn)`);
      expect(message).toContain("'pnpm start'");
      expect(message).toContain("'temporal server start-dev'");
      expect(message).toContain('TEMPORAL_ADDRESS');
    }
  });
});
