// The follower part of `pnpm bench`: HackerNewsFollowWorkflow on the worker app with SQLite,
// following the fake API's live space with its clock sped up to 10 times Hacker News's peak rate.
// One short run per poll interval measures the lag, sampled every second as the site's maxitem
// minus the follower's cursor (read from its status query) and turned into seconds at the site's
// rate; the long run measures the requests the fake API received per new item and per hour, and
// the worker's RSS from its first tenth to its last.
import { join } from 'node:path';
import {
  countedIds,
  followWorkflowId,
  SETTLE_AGES_SECONDS,
  TASK_QUEUE,
  type FollowStatus,
} from '@hn/contract';
import { HackerNewsFollowWorkflow, followStatusQuery, stopFollowUpdate } from '@hn/workflows';
import { startFakeApi, type FakeApiProcess } from './fake-api';
import { readMemory } from './memory';
import { checked, info, type Row } from './report';
import { mean, percentile, round1 } from './stats';
import { startReadyWorker, type WorkerBenchContext } from './worker-process';

/**
 * Hacker News publishes about 600 items an hour on average (the fake API's default rate); its
 * busiest hours are taken as twice that. The bench runs the site at 10 times the peak.
 */
const HN_AVERAGE_PER_HOUR = 600;
const HN_PEAK_PER_HOUR = 2 * HN_AVERAGE_PER_HOUR;
const IDS_PER_HOUR = 10 * HN_PEAK_PER_HOUR;
/** The fake API's live clock speed that gives {@link IDS_PER_HOUR} at its 600 items an hour. */
const SPEED = IDS_PER_HOUR / HN_AVERAGE_PER_HOUR;
const IDS_PER_SECOND = IDS_PER_HOUR / 3600;
/** The poll intervals of the short runs; the long run polls at the last (the default). */
const POLL_INTERVALS = [5, 15];
const SAMPLE_EVERY_MS = 1_000;
const RSS_EVERY_MS = 5_000;
/** Polls a run makes before its lag is sampled: the first finds the cursor. */
const WARM_UP_POLLS = 2;
const TARGETS = {
  /** Lag p95 in poll intervals. */
  lagPollIntervals: 2,
  requestsPerNewItem: 1.05,
  /** Mean RSS of the last tenth of the long run over that of the first tenth, minus 1. */
  rssGrowth: 0.1,
};

/** What the follower part needs from the runner. */
export interface FollowBenchContext extends WorkerBenchContext {
  /** Length of the long run (RSS, requests per hour). */
  minutes: number;
  /** Length of each short run (lag at another poll interval). */
  shortMinutes: number;
}

/** What one run of the follower measured. */
interface FollowRun {
  pollIntervalSeconds: number;
  seconds: number;
  final: FollowStatus;
  /** Lag samples after the warm-up: ids behind the site, and seconds at its rate. */
  lagIds: number[];
  lagSeconds: number[];
  /** The status query's own `lagSeconds` at the same moments. */
  statusLagSeconds: number[];
  /** Requests the fake API received from the worker, by kind (this bench's own taken off). */
  requests: { total: number; item: number; maxitem: number; updates: number };
  rssMb: number[];
}

/** Runs the follower benchmark; returns its figures for the JSON file and its rows. */
export async function runFollowBench(context: FollowBenchContext) {
  const { log, cleanup } = context;
  log(
    `Follower: the fake site live at ${IDS_PER_HOUR} ids an hour (clock ×${SPEED}), ${context.latencyMs} ms per request`,
  );
  const api = await startFakeApi(context.latencyMs, { generatedSpace: true, liveSpeed: SPEED });
  const stopApi = cleanup.add('the live fake API', () => api.process.stop(), api.process.child);
  const runs: FollowRun[] = [];
  try {
    for (const [index, pollIntervalSeconds] of POLL_INTERVALS.entries()) {
      const long = index === POLL_INTERVALS.length - 1;
      const minutes = long ? context.minutes : context.shortMinutes;
      log(`Follower: polling every ${pollIntervalSeconds} s for ${minutes} min`);
      runs.push(await followFor(context, api, pollIntervalSeconds, minutes * 60_000));
    }
  } finally {
    await stopApi();
  }
  return report(runs);
}

async function followFor(
  context: FollowBenchContext,
  api: FakeApiProcess,
  pollIntervalSeconds: number,
  durationMs: number,
): Promise<FollowRun> {
  const destination = `sqlite:${join(context.tmp, `follow-${pollIntervalSeconds}.db`)}`;
  const { worker, stop: stopWorker } = await startReadyWorker(context, 'the follower worker', {
    apiUrl: api.baseUrl,
    destination,
  });
  try {
    await api.resetStats();
    const handle = await context.client.workflow.start(HackerNewsFollowWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: followWorkflowId(TASK_QUEUE, destination),
      args: [{ pollIntervalSeconds }],
    });
    const started = performance.now();
    const run: FollowRun = {
      pollIntervalSeconds,
      seconds: 0,
      final: await handle.query(followStatusQuery),
      lagIds: [],
      lagSeconds: [],
      statusLagSeconds: [],
      requests: { total: 0, item: 0, maxitem: 0, updates: 0 },
      rssMb: [],
    };
    let ownRequests = 0;
    let lastRss = -Infinity;
    while (performance.now() - started < durationMs) {
      const tick = performance.now();
      const status = await handle.query(followStatusQuery);
      const siteMax = await maxItem(api.baseUrl);
      ownRequests += 1;
      if (status.phase === 'following' && status.polls >= WARM_UP_POLLS) {
        const behind = Math.max(0, siteMax - status.cursor + 1);
        run.lagIds.push(behind);
        run.lagSeconds.push(behind / IDS_PER_SECOND);
        run.statusLagSeconds.push(status.lagSeconds);
        if (tick - lastRss >= RSS_EVERY_MS) {
          run.rssMb.push(readMemory(worker.pid).rssMb);
          lastRss = tick;
        }
      }
      await sleep(SAMPLE_EVERY_MS - (performance.now() - tick));
    }
    run.final = await handle.executeUpdate(stopFollowUpdate);
    run.seconds = (performance.now() - started) / 1000;
    const stats = await api.stats();
    run.requests = {
      total: stats.totalRequests - ownRequests,
      item: stats.byKind.item,
      maxitem: stats.byKind.maxitem - ownRequests,
      updates: stats.byKind.updates,
    };
    return run;
  } finally {
    await stopWorker();
  }
}

async function maxItem(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/maxitem.json`);
  if (!response.ok) throw new Error(`GET maxitem.json: HTTP ${response.status}`);
  return Number(await response.json());
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.max(0, ms)));
}

/** The figures of the runs and the table's rows. */
function report(runs: readonly FollowRun[]) {
  const lags = runs.map((run) => ({
    pollIntervalSeconds: run.pollIntervalSeconds,
    minutes: round1(run.seconds / 60),
    samples: run.lagSeconds.length,
    p95Seconds: round1(percentile(run.lagSeconds, 95)),
    p50Seconds: round1(percentile(run.lagSeconds, 50)),
    p95Ids: percentile(run.lagIds, 95),
    statusP95Seconds: percentile(run.statusLagSeconds, 95),
    newIds: countedIds(run.final.counts),
    warnings: run.final.warnings,
    lastWarning: run.final.lastWarning?.message ?? null,
  }));
  const long = runs.at(-1)!;
  const hours = long.seconds / 3600;
  const newIds = countedIds(long.final.counts);
  const refetched = long.final.refreshed + long.final.settled;
  // Item requests that were not re-fetches (retries included), and the maxitem polls.
  const forNewIds = long.requests.item - refetched + long.requests.maxitem;
  const perHour = (count: number) => Math.round(count / hours);
  const requests = {
    ...long.requests,
    refreshed: long.final.refreshed,
    settled: long.final.settled,
    newIds,
    perNewItem: Math.round((forNewIds / newIds) * 1000) / 1000,
    allPerNewItem: Math.round((long.requests.total / newIds) * 100) / 100,
    perHour: perHour(long.requests.total),
    refetchPerHour: perHour(refetched + long.requests.updates),
    newPerHour: perHour(forNewIds),
  };
  // Settling at steady state: each item once at each settling age; set against fetching every
  // item of the last 14 days again once an hour, at the same rate of new items.
  const settlePerHour = SETTLE_AGES_SECONDS.length * IDS_PER_HOUR;
  const fourteenDaysHourly = 14 * 24 * IDS_PER_HOUR;
  const steadyPerHour = requests.newPerHour + requests.refetchPerHour + settlePerHour;
  const n = Math.max(1, Math.floor(long.rssMb.length / 10));
  const rssFirstMb = round1(mean(long.rssMb.slice(0, n)));
  const rssLastMb = round1(mean(long.rssMb.slice(-n)));
  const rssGrowth = rssLastMb / rssFirstMb - 1;
  const figures = {
    idsPerHour: IDS_PER_HOUR,
    clockSpeed: SPEED,
    lags,
    requests,
    settling: { settlePerHour, steadyPerHour, fourteenDaysHourly },
    rss: { minutes: round1(long.seconds / 60), samples: long.rssMb.length, rssFirstMb, rssLastMb },
  };
  const rows: Row[] = [
    ...lags.map((lag) =>
      checked(
        `follower lag p95, ${IDS_PER_HOUR} ids/h, poll every ${lag.pollIntervalSeconds} s (${lag.minutes} min)`,
        `${lag.p95Seconds} s (${lag.p95Ids} ids; p50 ${lag.p50Seconds} s)`,
        `<= ${TARGETS.lagPollIntervals * lag.pollIntervalSeconds} s`,
        lag.p95Seconds <= TARGETS.lagPollIntervals * lag.pollIntervalSeconds,
      ),
    ),
    checked(
      `requests per new item (${newIds} new ids; item requests less re-fetches, and maxitem)`,
      requests.perNewItem.toFixed(3),
      `<= ${TARGETS.requestsPerNewItem}`,
      requests.perNewItem <= TARGETS.requestsPerNewItem,
    ),
    info(
      '  every request per new item (updates and re-fetches of changed items included)',
      requests.allPerNewItem.toFixed(2),
    ),
    info(
      'requests/h at steady state: new ids, updates and re-fetches (measured), settling (4 × rate)',
      `${steadyPerHour} (${requests.newPerHour} + ${requests.refetchPerHour} + ${settlePerHour})`,
    ),
    info('  against fetching every item of the last 14 days once an hour', `${fourteenDaysHourly}`),
    checked(
      `follower worker RSS over ${figures.rss.minutes} min: mean of the last 10% / the first 10%`,
      `${rssLastMb} / ${rssFirstMb} MB (${rssGrowth >= 0 ? '+' : ''}${(rssGrowth * 100).toFixed(1)}%)`,
      `within ${TARGETS.rssGrowth * 100}%`,
      Math.abs(rssGrowth) <= TARGETS.rssGrowth,
    ),
  ];
  return { figures, rows };
}
