// The dashboard page. Item data (titles, urls, user names) is attacker-controlled: it is only
// ever set as `textContent`, and a url becomes a link only when it is http(s).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Colors,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  Colors,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

interface Config {
  webUiUrl: string | null;
  namespace: string | null;
}

interface StoryRow {
  id: number;
  title: string | null;
  url: string | null;
  by: string | null;
  score: number | null;
  comments: number | null;
  time: string | null;
}

interface CheckResult {
  partitionKey: string;
  check: string;
  status: string;
  value: number | null;
  message: string;
  checkedAt: string;
}

const HOUR_MS = 3_600_000;
const charts = new Map<string, Chart>();
let config: Config = { webUiUrl: null, namespace: null };

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${path}: HTTP ${response.status}`);
  return body;
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** An element with text content only. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string | number | null,
  className?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined && text !== null) element.textContent = String(text);
  if (className !== undefined) element.className = className;
  return element;
}

/** A link for an http(s) url, else the text alone. */
function safeLink(text: string, url: string | null): HTMLElement {
  if (url !== null && URL.canParse(url)) {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      const a = el('a', text);
      a.href = parsed.href;
      a.rel = 'noopener noreferrer nofollow';
      a.target = '_blank';
      return a;
    }
  }
  return el('span', text);
}

/** A link to a run in the Temporal Web UI, when its URL is configured. */
function runLink(workflowId: string, runId: string): HTMLElement {
  if (config.webUiUrl === null || config.namespace === null) return el('span', workflowId);
  const a = el('a', workflowId);
  a.href =
    `${config.webUiUrl}/namespaces/${encodeURIComponent(config.namespace)}/workflows/` +
    `${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  return a;
}

function row(cells: (string | number | null | HTMLElement)[]): HTMLTableRowElement {
  const tr = el('tr');
  for (const cell of cells) {
    const td = el('td');
    if (cell instanceof HTMLElement) td.append(cell);
    else td.textContent = cell === null ? '' : String(cell);
    tr.append(td);
  }
  return tr;
}

function fillBody(tableId: string, rows: HTMLTableRowElement[]): void {
  byId(tableId)
    .querySelector('tbody')!
    .replaceChildren(...rows);
}

function drawChart(id: string, build: () => ChartConfiguration): void {
  charts.get(id)?.destroy();
  charts.set(id, new Chart(byId<HTMLCanvasElement>(id), build()));
}

async function loadHealth(): Promise<void> {
  const health = await getJson<{
    items: Record<string, number>;
    newestItemAt: string | null;
    partitions: Record<string, number>;
    lastRuns: {
      kind: string;
      name: string;
      status: string;
      workflowId: string;
      runId: string;
      finishedAt: string | null;
    }[];
    failingChecks: {
      partitions: { fail: number; warn: number };
      counts: { check: string; status: string; partitions: number }[];
      list: { partitionKey: string; status: string; checks: CheckResult[] }[];
    };
  }>('/api/health');
  const cards: [string, string | number][] = [
    ['Items', health.items.total ?? 0],
    ['Stories', health.items.story ?? 0],
    ['Comments', health.items.comment ?? 0],
    ['Partitions', health.partitions.total ?? 0],
    ['Failed partitions', health.partitions.failed ?? 0],
    ['Failing checks', health.failingChecks.partitions.fail],
    ['Warning checks', health.failingChecks.partitions.warn],
    ['Newest item', health.newestItemAt ?? 'none'],
  ];
  byId('health-cards').replaceChildren(
    ...cards.map(([label, value]) => {
      const card = el('div', undefined, 'card');
      card.append(el('span', value, 'value'), el('span', label));
      return card;
    }),
  );
  fillBody(
    'last-runs',
    health.lastRuns.map((run) =>
      row([
        run.kind,
        run.name,
        el('span', run.status, `status-${run.status}`),
        run.finishedAt,
        runLink(run.workflowId, run.runId),
      ]),
    ),
  );
  const { failingChecks } = health;
  const listed = failingChecks.list.length;
  const total = failingChecks.partitions.fail + failingChecks.partitions.warn;
  byId('failing-checks-summary').textContent =
    total === 0
      ? 'Every checked partition passes its checks.'
      : `${failingChecks.partitions.fail} partitions fail a check, ` +
        `${failingChecks.partitions.warn} warn` +
        (listed < total ? ` (the first ${listed} listed)` : '') +
        '. By check: ' +
        failingChecks.counts
          .filter((count) => count.partitions > 0)
          .map((count) => `${count.check} ${count.status} ${count.partitions}`)
          .join(', ');
  fillBody(
    'failing-checks',
    failingChecks.list.flatMap((partition) =>
      partition.checks.map((check) => {
        const tr = row([
          check.partitionKey,
          check.check,
          el('span', check.status, `status-${check.status}`),
          check.value,
          check.message,
        ]);
        tr.dataset.partition = check.partitionKey;
        return tr;
      }),
    ),
  );
}

const STATUS_NAMES: Record<string, string> = {
  c: 'completed',
  x: 'check failed',
  f: 'failed',
  r: 'running',
  m: 'missing',
};

async function loadGrid(): Promise<void> {
  const form = byId<HTMLFormElement>('grid-form');
  const field = (name: string): string =>
    (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
  const query = new URLSearchParams({ days: field('days'), filter: field('filter') });
  const firstDay = field('from');
  if (firstDay !== '') query.set('from', firstDay);
  const grid = await getJson<{
    from: string;
    days: number;
    cells: string;
    counts: Record<string, number>;
  }>(`/api/partitions/grid?${query}`);
  byId('grid-counts').textContent =
    `${grid.counts.completed} completed, ${grid.counts.checkFailed} failing a check, ` +
    `${grid.counts.failed} failed, ` +
    `${grid.counts.running} running, ${grid.counts.missing} missing hours`;
  const from = Date.parse(grid.from);
  const fragment = document.createDocumentFragment();
  for (let day = 0; day < grid.days; day += 1) {
    fragment.append(
      el('div', new Date(from + day * 24 * HOUR_MS).toISOString().slice(0, 10), 'day'),
    );
    for (let hour = 0; hour < 24; hour += 1) {
      const index = day * 24 + hour;
      const code = grid.cells[index] ?? '.';
      const cell = el('button', undefined, code === '.' ? 'cell hidden' : `cell ${code}`);
      cell.type = 'button';
      const start = new Date(from + index * HOUR_MS).toISOString();
      cell.dataset.at = start;
      cell.dataset.status = STATUS_NAMES[code] ?? 'filtered';
      cell.title = `${start} ${STATUS_NAMES[code] ?? ''}`;
      fragment.append(cell);
    }
  }
  byId('grid').replaceChildren(fragment);
}

async function openPartition(at: string): Promise<void> {
  const panel = byId('partition-detail');
  panel.hidden = false;
  try {
    const detail = await getJson<{
      key: string;
      windowStart: string | null;
      windowEnd: string | null;
      fromId: number;
      toId: number;
      status: string;
      stored: { rows: number; items: number; byType: Record<string, number>; missing: number };
      workflowId: string;
      runId: string;
      checks: CheckResult[];
    }>(`/api/partitions/detail?${new URLSearchParams({ at })}`);
    const list = el('dl');
    const add = (term: string, value: string | number | HTMLElement) => {
      const dd = el('dd');
      if (value instanceof HTMLElement) dd.append(value);
      else dd.textContent = String(value);
      list.append(el('dt', term), dd);
    };
    add('Window', `${detail.windowStart ?? '?'} to ${detail.windowEnd ?? '?'}`);
    add('Status', el('span', detail.status, `status-${detail.status}`));
    add('Ids', `${detail.fromId} to ${detail.toId}`);
    add('Stored rows', detail.stored.rows);
    add(
      'Items by type',
      Object.entries(detail.stored.byType)
        .map(([type, n]) => `${type} ${n}`)
        .join(', '),
    );
    add('Missing ids', detail.stored.missing);
    add('Run', runLink(detail.workflowId, detail.runId));
    const checks = el('table');
    checks.className = 'checks';
    checks.createCaption().textContent =
      detail.checks.length === 0 ? 'Checks: none recorded' : 'Checks';
    checks.createTHead().append(row(['Check', 'Status', 'Value', 'Message', 'Checked']));
    checks
      .createTBody()
      .append(
        ...detail.checks.map((check) =>
          row([
            check.check,
            el('span', check.status, `status-${check.status}`),
            check.value,
            check.message,
            check.checkedAt,
          ]),
        ),
      );
    panel.replaceChildren(el('h3', detail.key), list, checks);
  } catch (error) {
    panel.replaceChildren(el('p', (error as Error).message));
  }
}

async function loadBackfills(): Promise<void> {
  const answer = await getJson<{
    connected: boolean;
    backfills: {
      workflowId: string;
      runId: string;
      status: string;
      total: number | null;
      settled: number;
      inFlight: number;
      failed: number;
      eta: string | null;
    }[];
  }>('/api/backfills');
  fillBody(
    'backfill-table',
    answer.connected
      ? answer.backfills.map((backfill) => {
          const tr = row([
            runLink(backfill.workflowId, backfill.runId),
            backfill.status,
            backfill.settled,
            backfill.inFlight,
            backfill.failed,
            backfill.total,
            backfill.eta,
          ]);
          tr.dataset.workflowId = backfill.workflowId;
          return tr;
        })
      : [row(['Not connected to Temporal.'])],
  );
}

async function loadFollowers(): Promise<void> {
  const answer = await getJson<{
    connected: boolean;
    followers: {
      workflowId: string;
      runId: string;
      status: {
        phase: string;
        cursor: number;
        lagIds: number;
        lagSeconds: number;
        itemsPerSecond: number;
        refreshed: number;
        settled: number;
        lastWarning: { message: string } | null;
      } | null;
    }[];
  }>('/api/followers');
  const rows = !answer.connected
    ? [row(['Not connected to Temporal.'])]
    : answer.followers.length === 0
      ? [row(['No follower running: pnpm --filter starter ingest follow starts one.'])]
      : answer.followers.map(({ workflowId, runId, status }) => {
          const tr = row([
            runLink(workflowId, runId),
            status?.phase ?? 'not answering',
            status?.cursor ?? null,
            status?.lagIds ?? null,
            status?.lagSeconds ?? null,
            status?.itemsPerSecond ?? null,
            status?.refreshed ?? null,
            status?.settled ?? null,
            status?.lastWarning?.message ?? null,
          ]);
          tr.dataset.workflowId = workflowId;
          return tr;
        });
  fillBody('follower-table', rows);
}

async function loadData(): Promise<void> {
  const [perHour, words, domains, top, latest] = await Promise.all([
    getJson<{
      period: { from: string; to: string };
      hours: number[];
      series: Record<string, number[]>;
    }>('/api/data/items-per-hour'),
    getJson<{ buckets: number[]; words: { word: string; counts: number[] }[] }>(
      '/api/data/word-trend',
    ),
    getJson<{ domains: { domain: string; stories: number }[] }>('/api/data/top-domains'),
    getJson<{ period: { from: string; to: string }; stories: StoryRow[] }>('/api/data/top-stories'),
    getJson<{
      run: {
        finishedAt: string;
        stories: (StoryRow & { rank: number })[];
        words: { word: string; count: number }[];
      } | null;
    }>('/api/data/latest-run'),
  ]);
  byId('period').textContent = `Period: ${top.period.from} to ${top.period.to}`;
  drawChart('per-hour-chart', () => ({
    type: 'line',
    data: {
      labels: perHour.hours.map((s) => new Date(s * 1000).toISOString().slice(5, 13)),
      datasets: Object.entries(perHour.series).map(([type, counts]) => ({
        label: type,
        data: counts,
        pointRadius: 0,
      })),
    },
    options: { animation: false, maintainAspectRatio: false },
  }));
  drawChart('words-chart', () => ({
    type: 'line',
    data: {
      labels: words.buckets.map((s) => new Date(s * 1000).toISOString().slice(0, 10)),
      datasets: words.words.map(({ word, counts }) => ({ label: word, data: counts })),
    },
    options: { animation: false, maintainAspectRatio: false },
  }));
  drawChart('domains-chart', () => ({
    type: 'bar',
    data: {
      labels: domains.domains.map((d) => d.domain),
      datasets: [{ label: 'stories', data: domains.domains.map((d) => d.stories) }],
    },
    options: { animation: false, maintainAspectRatio: false, indexAxis: 'y' },
  }));
  fillBody(
    'top-stories',
    top.stories.map((story) => {
      const tr = row([
        story.score,
        safeLink(story.title ?? '(no title)', story.url),
        story.by,
        story.comments,
        story.time,
      ]);
      tr.children[1]!.className = 'title';
      return tr;
    }),
  );
  const run = latest.run;
  byId('latest-run-title').textContent = run
    ? `Latest top-stories run (${run.finishedAt}): top words`
    : 'Latest top-stories run: none stored';
  drawChart('run-words-chart', () => ({
    type: 'bar',
    data: {
      labels: run?.words.map((w) => w.word) ?? [],
      datasets: [{ label: 'titles', data: run?.words.map((w) => w.count) ?? [] }],
    },
    options: { animation: false, maintainAspectRatio: false },
  }));
  fillBody(
    'latest-run',
    (run?.stories ?? []).map((story) =>
      row([story.rank, safeLink(story.title ?? '', story.url), story.score]),
    ),
  );
}

function report(error: unknown): void {
  // Shown on the page as text; the console stays free of errors for a healthy store.
  const note = el('p', `Could not load: ${(error as Error).message}`, 'status-failed');
  document.querySelector('main')?.prepend(note);
}

async function start(): Promise<void> {
  config = await getJson<Config>('/api/config');
  byId('grid-form').addEventListener('change', () => void loadGrid().catch(report));
  byId('grid').addEventListener('click', (event) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
    if (cell?.dataset.at !== undefined) void openPartition(cell.dataset.at);
  });
  await Promise.all([loadHealth(), loadGrid(), loadBackfills(), loadFollowers(), loadData()]);
  document.body.dataset.ready = 'true';
  // Live progress: the backfills and health views poll while the page is open.
  setInterval(() => void loadBackfills().catch(report), 1_000);
  setInterval(() => void loadFollowers().catch(report), 1_000);
  setInterval(() => void loadHealth().catch(report), 5_000);
}

void start().catch(report);
