import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

/** The workspace root: the default SQLite file is its `.data`, not the worker's folder. */
const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('parseConfig', () => {
  it('applies documented defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      taskQueue: 'hackernews-task-queue',
      apiUrl: 'https://hacker-news.firebaseio.com/v0',
      httpConcurrency: 50,
      destination: `sqlite:${join(root, '.data', 'hn-pipeline.db')}`,
      metricsAddress: '127.0.0.1:9464',
      logLevel: 'INFO',
      logFormat: 'json',
    });
    expect(parseConfig({}, true).logFormat).toBe('pretty');
  });

  it('reads overrides and turns metrics off', () => {
    const config = parseConfig({
      HN_API_URL: 'http://127.0.0.1:9999/v0/',
      HN_HTTP_CONCURRENCY: '120',
      HN_METRICS_ADDRESS: 'off',
      LOG_LEVEL: 'debug',
    });
    expect(config.apiUrl).toBe('http://127.0.0.1:9999/v0');
    expect(config.httpConcurrency).toBe(120);
    expect(config.metricsAddress).toBeUndefined();
    expect(config.logLevel).toBe('DEBUG');
    expect(config.workflowBundle).toBeUndefined();
    expect(parseConfig({ HN_WORKFLOW_BUNDLE: 'off' }).workflowBundle).toBe(false);
    expect(parseConfig({ HN_WORKFLOW_BUNDLE: 'b.js' }).workflowBundle).toBe('b.js');
  });

  it('rejects every bad value at once, naming the variable and what it accepts', () => {
    let error: unknown;
    try {
      parseConfig({
        HN_API_URL: 'ftp://example.com',
        HN_HTTP_CONCURRENCY: 'many',
        HN_MAX_CONCURRENT_ACTIVITIES: '0',
        HN_METRICS_ADDRESS: 'localhost',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(5);
    expect(message).toMatch(/HN_API_URL must be an http\(s\) URL, got "ftp:\/\/example.com"/);
    expect(message).toMatch(/HN_HTTP_CONCURRENCY must be an integer from 1 to 1000, got "many"/);
    expect(message).toMatch(
      /HN_MAX_CONCURRENT_ACTIVITIES must be an integer from 1 to 10000, got "0"/,
    );
    expect(message).toMatch(/HN_METRICS_ADDRESS must be host:port or "off"/);
    expect(message).toMatch(/LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR/);
  });
});
