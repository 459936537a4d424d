// The dashboard part of `pnpm bench`: a generated SQLite store of 1,000,000 items and 8,760
// hourly partitions (a year), the dashboard started as `pnpm --filter dashboard start` starts it
// (its own process), each JSON endpoint's p95 over sequential requests, and in headless Chromium
// the page's first contentful paint, its data rendered, and the year grid rendered.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@hn/testing';
import { CHROMIUM, launchHeadlessChromium } from 'dashboard/headless-chromium';
import type { Cleanup } from './cleanup';
import { generateDashboardStore } from './dashboard-store';
import { checked, info, ms, type Row } from './report';
import { percentile, round1 } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ITEMS = 1_000_000;
const HOURS = 8_760;
const TARGETS = { endpointP95Ms: 100, paintMs: 1_000, yearGridMs: 1_000 };

export interface DashboardBenchOptions {
  cleanup: Cleanup;
  tmp: string;
  quick: boolean;
  log: (line: string) => void;
}

/** Requests of each endpoint, in the query the page makes (and the year grid). */
const ENDPOINTS = [
  '/api/health',
  '/api/partitions/grid?days=7',
  '/api/partitions/grid?days=366',
  '/api/partitions/grid?days=366&filter=failed',
  '/api/partitions/detail?at=LAST_HOUR',
  '/api/data/top-stories',
  '/api/data/items-per-hour',
  '/api/data/word-trend',
  '/api/data/top-domains',
  '/api/data/latest-run',
];

export async function runDashboardBench(options: DashboardBenchOptions) {
  const { log } = options;
  const filename = join(options.tmp, 'dashboard.db');
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  log(
    `Dashboard: generating a store of ${ITEMS.toLocaleString('en')} items and ${HOURS.toLocaleString('en')} hourly partitions`,
  );
  const generateStart = performance.now();
  await generateDashboardStore({ filename, items: ITEMS, hours: HOURS, end });
  const generateMs = performance.now() - generateStart;

  execFileSync('pnpm', ['--filter', 'dashboard', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const server = startProcess(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      'src/main.ts',
      '--destination',
      filename,
      '--port',
      '0',
      '--no-temporal',
    ],
    { cwd: join(ROOT, 'apps/dashboard') },
  );
  options.cleanup.add('the dashboard', () => server.stop('SIGTERM'), server.child);
  await server.waitForOutput(/Dashboard: http:\/\/\S+/, 60_000);
  const url = /Dashboard: (http:\/\/\S+)/.exec(server.output())![1]!;

  const runs = options.quick ? 20 : 100;
  const endpoints: { path: string; p95Ms: number; medianMs: number }[] = [];
  const lastHour = new Date(end - 1_800_000).toISOString();
  for (const template of ENDPOINTS) {
    const path = template.replace('LAST_HOUR', lastHour);
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i += 1) {
      const started = performance.now();
      const response = await fetch(new URL(path, url));
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      if (i >= 3) times.push(performance.now() - started);
    }
    endpoints.push({
      path,
      p95Ms: round1(percentile(times, 95)),
      medianMs: round1(percentile(times, 50)),
    });
  }

  let browser: { paintMs: number; readyMs: number; yearGridMs: number } | undefined;
  if (existsSync(CHROMIUM)) {
    log('Dashboard: first paint and the year grid in headless Chromium');
    const context = await launchHeadlessChromium(options.tmp);
    options.cleanup.add('chromium', () => context.close());
    const paints: number[] = [];
    const readies: number[] = [];
    const grids: number[] = [];
    for (let i = 0; i < (options.quick ? 2 : 5); i += 1) {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]');
      // Evaluated in the page (a string: this program has no DOM types).
      const [paint, ready] = await page.evaluate<[number, number]>(
        "[performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, performance.now()]",
      );
      const started = performance.now();
      await page.selectOption('select[name="days"]', '366');
      await page
        .locator('#grid .cell')
        .nth(366 * 24 - 1)
        .waitFor({ state: 'attached' });
      // Until the browser has painted the grid.
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
      grids.push(performance.now() - started);
      paints.push(paint);
      readies.push(ready);
      await page.close();
    }
    browser = {
      paintMs: round1(percentile(paints, 50)),
      readyMs: round1(percentile(readies, 50)),
      yearGridMs: round1(percentile(grids, 50)),
    };
  }
  await server.stop('SIGTERM');

  const rows: Row[] = [
    info(
      'dashboard: store generated',
      `${ITEMS.toLocaleString('en')} items, ${HOURS.toLocaleString('en')} partitions in ${ms(generateMs)}`,
    ),
    ...endpoints.map(({ path, p95Ms }) =>
      checked(
        `dashboard: GET ${path.replace(lastHour, '<last hour>')} p95`,
        ms(p95Ms),
        `<= ${TARGETS.endpointP95Ms} ms`,
        p95Ms <= TARGETS.endpointP95Ms,
      ),
    ),
    ...(browser
      ? [
          checked(
            'dashboard: first contentful paint (median)',
            ms(browser.paintMs),
            `<= ${TARGETS.paintMs} ms`,
            browser.paintMs <= TARGETS.paintMs,
          ),
          checked(
            'dashboard: every view rendered (median)',
            ms(browser.readyMs),
            `<= ${TARGETS.paintMs} ms`,
            browser.readyMs <= TARGETS.paintMs,
          ),
          checked(
            'dashboard: year grid rendered (median)',
            ms(browser.yearGridMs),
            `<= ${TARGETS.yearGridMs} ms`,
            browser.yearGridMs <= TARGETS.yearGridMs,
          ),
        ]
      : [info('dashboard: browser figures', `skipped: ${CHROMIUM} is missing`)]),
  ];
  return {
    figures: {
      items: ITEMS,
      partitions: HOURS,
      runsPerEndpoint: runs,
      generateMs: round1(generateMs),
      endpoints,
      browser: browser ?? null,
    },
    rows,
  };
}
