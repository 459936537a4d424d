// The dashboard in a real headless Chromium (Debian's), over a store written by real runs.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HackerNewsBackfillWorkflow,
  HackerNewsFollowWorkflow,
  stopFollowUpdate,
} from '@hn/workflows';
import {
  BACKFILL_HOURS,
  BACKFILL_START,
  FAILED_HOUR,
  HOLE_HOUR,
  HOUR_MS,
  HOSTILE_TITLES,
  JAVASCRIPT_URL,
  startDashboardHarness,
  STORED_HOUR,
  type DashboardHarness,
} from './harness';
import { browserAvailable, launchHeadlessChromium } from './headless-chromium';

const RUN = browserAvailable();

describe.skipIf(!RUN)('the dashboard in headless Chromium', () => {
  let h: DashboardHarness;
  let browser: BrowserContext;

  beforeAll(async () => {
    [h, browser] = await Promise.all([startDashboardHarness(), launchHeadlessChromium()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** Opens the page, collecting console errors and failed requests. */
  async function open(path = '/'): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(new URL(path, h.dashboard.url).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return { page, errors };
  }

  async function showDay(page: Page): Promise<void> {
    await page.fill('input[name="from"]', new Date(STORED_HOUR).toISOString().slice(0, 10));
    await page.selectOption('select[name="days"]', '1');
    await page.waitForSelector(`.cell[data-at="${new Date(STORED_HOUR).toISOString()}"]`);
  }

  it('loads with no console error, and serves a strict Content-Security-Policy', async () => {
    const { page, errors } = await open();
    const response = await page.request.get(h.dashboard.url);
    const csp = response.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(await page.locator('#health-cards .card').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the failed partition as failed, and opens its details', async () => {
    const { page, errors } = await open();
    await showDay(page);
    const failed = page.locator(`.cell[data-at="${new Date(FAILED_HOUR).toISOString()}"]`);
    expect(await failed.getAttribute('data-status')).toBe('failed');
    expect(
      await page
        .locator(`.cell[data-at="${new Date(STORED_HOUR).toISOString()}"]`)
        .getAttribute('data-status'),
    ).toBe('completed');
    await failed.click();
    const detail = page.locator('#partition-detail');
    await detail.locator('.status-failed').waitFor();
    expect(await detail.textContent()).toContain(new Date(FAILED_HOUR).toISOString());
    expect(await detail.locator('a').first().getAttribute('href')).toContain(
      '/workflows/dashboard-ingest-failed/',
    );
    // Filtered to failed hours, only that cell stays visible.
    await page.selectOption('select[name="filter"]', 'failed');
    await expect.poll(() => page.locator('.cell.c').count()).toBe(0);
    expect(await page.locator('.cell.f').count()).toBe(1);
    expect(await page.locator('.cell.c').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a partition failing a check apart from a clean one, and lists its checks', async () => {
    const { page, errors } = await open();
    await showDay(page);
    const holeKey = `window:${new Date(HOLE_HOUR).toISOString()}/${new Date(HOLE_HOUR + HOUR_MS).toISOString()}`;
    const hole = page.locator(`.cell[data-at="${new Date(HOLE_HOUR).toISOString()}"]`);
    expect(await hole.getAttribute('data-status')).toBe('check failed');
    const stored = page.locator(`.cell[data-at="${new Date(STORED_HOUR).toISOString()}"]`);
    expect(await stored.getAttribute('data-status')).toBe('completed');
    // Coloured apart: the computed colours differ.
    const colour = (cell: typeof hole): Promise<string> =>
      cell.evaluate(
        (element) =>
          (
            globalThis as unknown as {
              getComputedStyle(element: unknown): { backgroundColor: string };
            }
          ).getComputedStyle(element).backgroundColor,
      );
    expect(await colour(hole)).not.toBe(await colour(stored));
    // The health panel lists its failing contiguity check.
    const listed = page.locator(`#failing-checks tr[data-partition="${holeKey}"]`);
    expect(await listed.allTextContents()).toContainEqual(expect.stringContaining('contiguity'));
    expect(await page.locator('#failing-checks-summary').textContent()).toMatch(/contiguity fail/);
    // Its detail lists each check with status, value and message, as text.
    await hole.click();
    const detail = page.locator('#partition-detail');
    await detail.locator('table.checks tbody tr').first().waitFor();
    const rows = await detail.locator('table.checks tbody tr').allTextContents();
    const own = (await h.store.partitionChecks()).filter((check) => check.partitionKey === holeKey);
    expect(rows).toHaveLength(own.length);
    const contiguity = own.find((check) => check.check === 'contiguity')!;
    expect(contiguity.status).toBe('fail');
    expect(rows.find((text) => text.startsWith('contiguity'))).toBe(
      `contiguity${contiguity.status}${contiguity.value ?? ''}${contiguity.message}${contiguity.checkedAt}`,
    );
    // The failed filter keeps it beside the failed run, and hides the clean hour.
    await page.selectOption('select[name="filter"]', 'failed');
    await expect.poll(() => page.locator('.cell.c').count()).toBe(0);
    expect(await hole.getAttribute('data-status')).toBe('check failed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders hostile titles and urls as text, and runs none of their scripts', async () => {
    const from = new Date(STORED_HOUR).toISOString();
    const to = new Date(STORED_HOUR + 3_600_000).toISOString();
    const { page, errors } = await open();
    const stories = await page.evaluate(
      async ([from, to]) => {
        const response = await fetch(`/api/data/top-stories?from=${from}&to=${to}`);
        return ((await response.json()) as { stories: unknown[] }).stories.length;
      },
      [from, to] as const,
    );
    expect(stories).toBeGreaterThan(0);
    // The page's own table shows the default period (the week up to the newest item).
    const titles = await page.locator('#top-stories td.title').allTextContents();
    for (const title of HOSTILE_TITLES) expect(titles).toContain(title);
    expect(await page.locator('#top-stories img, #top-stories script').count()).toBe(0);
    // The javascript: url is no link; every link is http(s) and says so.
    const hrefs = await Promise.all(
      (await page.locator('#top-stories a').all()).map(
        async (link) => [await link.getAttribute('href'), await link.getAttribute('rel')] as const,
      ),
    );
    expect(hrefs.length).toBeGreaterThan(0);
    for (const [href, rel] of hrefs) {
      expect(href).toMatch(/^https?:\/\//);
      expect(rel).toBe('noopener noreferrer nofollow');
    }
    expect(hrefs.some(([href]) => href === JAVASCRIPT_URL)).toBe(false);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a running follower's cursor and lag live, without a reload", async () => {
    const { page, errors } = await open();
    await page.evaluate('window.__sameDocument = true');
    const maxItem = h.api.maxItem;
    const cells = page.locator('#follower-table tr[data-workflow-id="dashboard-follower"] td');
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(HackerNewsFollowWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'dashboard-follower',
        args: [{ pollIntervalSeconds: 1, fromId: maxItem - 49, settleRequestsPerHour: 0 }],
      });
      // Phase, cursor and lag in ids, as the follower's status query has them.
      await expect
        .poll(
          async () => [
            await cells.nth(1).textContent(),
            await cells.nth(2).textContent(),
            await cells.nth(3).textContent(),
          ],
          { timeout: 60_000 },
        )
        .toEqual(['following', String(maxItem + 1), '0']);
      await handle.executeUpdate(stopFollowUpdate);
    });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("shows a running backfill's progress advancing, without a reload", async () => {
    const { page, errors } = await open();
    // Marks this document: a reload would lose it.
    await page.evaluate('window.__sameDocument = true');
    h.api.setFaults({ latencyMs: 250 });
    const settledOf = async (): Promise<number> => {
      const cell = page
        .locator('#backfill-table tr[data-workflow-id="dashboard-backfill"] td')
        .nth(2);
      return Number((await cell.textContent({ timeout: 500 }).catch(() => null)) ?? -1);
    };
    const seen: number[] = [];
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(HackerNewsBackfillWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'dashboard-backfill',
        args: [
          {
            start: new Date(BACKFILL_START).toISOString(),
            end: new Date(BACKFILL_START + BACKFILL_HOURS * HOUR_MS).toISOString(),
            parallelism: 1,
          },
        ],
      });
      // Two different counts while it runs, as the page polls.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const settled = await settledOf();
        if (settled >= 0 && !seen.includes(settled)) seen.push(settled);
        if (seen.filter((n) => n > 0).length >= 2) break;
        await page.waitForTimeout(200);
      }
      h.api.setFaults({ latencyMs: 0 });
      await handle.result();
    });
    expect(seen.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    // The finished backfill shows all of its partitions settled.
    // (Polled from here: the page's CSP forbids the eval a string predicate needs.)
    const cells = page.locator('#backfill-table tr[data-workflow-id="dashboard-backfill"] td');
    await expect
      .poll(async () => [await cells.nth(1).textContent(), await cells.nth(2).textContent()], {
        timeout: 10_000,
      })
      .toEqual(['COMPLETED', String(BACKFILL_HOURS)]);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
