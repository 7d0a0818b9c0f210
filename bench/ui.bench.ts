// The desk UI in the browser harness (headless Chromium, main's services in this
// process), each figure next to a baseline from the same run:
//   - time to first screen: navigation → html[data-desk-ready=true] with the nav
//     visible, vs a static hello-world page from a plain node:http server;
//   - filtering 100,000 cached transactions: transactions.query with a user+type
//     filter through the bridge, vs the unfiltered first page through the bridge;
//   - rendering a 7-day rate chart (5-s rates, 120,960 rows in the store): click
//     "7 d" → the chart drawn with its points, vs the "15 min" range.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { STORE_FILE_NAME } from '../main/desk/options';
import { LOCAL_SANDBOX_PROFILE_ID } from '../main/settings/profile';
import { openStore, type RateSample } from '../main/store/sqlite';
import { syntheticTransactions } from '../tests/integration/store/transaction-fixtures';
import { launchChromium, plainServer, startBenchDesk } from './bridge.bench';
import type { Bench, BenchResult } from './types';

const TRANSACTIONS = 100_000;
const WEEK_MS = 7 * 24 * 3600 * 1000;
const STEP_MS = 5000;
const FIRST_SCREEN_RUNS = 7;
const QUERY_RUNS = 21;
const CHART_RUNS = 5;

// bench/ is type-checked without the DOM library: what the page functions use is declared here.
interface PageElement {
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  click(): void;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
  location: { hash: string };
  requestAnimationFrame(callback: () => void): number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function compare(name: string, value: number, baselineName: string, baseline: number, note?: string): BenchResult {
  return {
    name,
    value,
    unit: 'ms',
    baseline: { name: baselineName, value: baseline, unit: 'ms' },
    ratio: value / baseline,
    ...(note ? { note } : {}),
  };
}

/** 100k synthetic transactions and 7 days of BTC/EUR at 5 s, written into the desk's store before it starts. */
function seed(userDataDir: string): void {
  const store = openStore(join(userDataDir, STORE_FILE_NAME));
  try {
    const txs = syntheticTransactions(TRANSACTIONS);
    for (let i = 0; i < txs.length; i += 10_000) store.transactions.upsert(LOCAL_SANDBOX_PROFILE_ID, txs.slice(i, i + 10_000));
    const end = Date.now() - STEP_MS;
    const samples: RateSample[] = [];
    for (let t = end - WEEK_MS; t <= end; t += STEP_MS) {
      const price = (58000 + Math.sin(t / 3.6e6) * 900 + ((t / STEP_MS) % 17)).toFixed(2);
      samples.push({ timestampMs: t, price, priceBuy: price, priceSell: price });
    }
    store.rates.recordMany(LOCAL_SANDBOX_PROFILE_ID, 'btceur', samples);
  } finally {
    store.close();
  }
}

/** Navigation → first screen usable, in a fresh context each time (no cache, no cookie). */
async function firstScreen(browser: Browser, url: string, ready: (page: Page) => Promise<unknown>): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await ready(page);
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

/** Median time of `runs` bridge calls of transactions.query, measured inside the page. */
async function queryTime(page: Page, filter: Record<string, unknown>, runs: number): Promise<{ ms: number; total: number }> {
  return page.evaluate(
    async ({ filter, runs }) => {
      const desk = (
        globalThis as unknown as { desk: { transactions: { query(i: object): Promise<{ ok: boolean; value: { total: number } }> } } }
      ).desk;
      const input = { filter, sort: { column: 'date', direction: 'desc' }, limit: 200, offset: 0 };
      let total = 0;
      await desk.transactions.query(input); // warm-up
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const r = await desk.transactions.query(input);
        times.push(performance.now() - t);
        if (!r.ok) throw new Error('transactions.query failed');
        total = r.value.total;
      }
      times.sort((a, b) => a - b);
      return { ms: times[times.length >> 1]!, total };
    },
    { filter, runs },
  );
}

/** Click a range button and wait, in the page, until the chart is drawn with the points it announces. */
async function chartTime(page: Page, label: string): Promise<{ ms: number; points: number }> {
  return page.evaluate(async (label) => {
    const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
    const button = [...document.querySelectorAll('[aria-label="Range"] button')].find((b) => b.textContent === label);
    if (!button) throw new Error(`no range button ${label}`);
    const started = performance.now();
    button.click();
    // Let React take the click (the old chart goes away) before looking for the new one.
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    for (;;) {
      const info = document.querySelector('[data-testid="chart-points"]');
      const points = Number(info?.dataset['points'] ?? '0');
      const chart = document.querySelector('.chart[role="img"]');
      const drawn = chart?.querySelector('path.recharts-curve');
      if (
        points > 0 &&
        !info?.textContent?.startsWith('Loading') &&
        chart?.getAttribute('aria-label')?.endsWith(`, ${points} points`) &&
        drawn
      ) {
        // One more frame: the drawn chart has been painted.
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        return { ms: performance.now() - started, points };
      }
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
  }, label);
}

export const bench: Bench = async () => {
  const seedStarted = performance.now();
  const desk = await startBenchDesk(seed);
  const seedMs = performance.now() - seedStarted;
  const plain = await plainServer();
  const browser = await launchChromium();
  const results: BenchResult[] = [];
  try {
    // ── time to first screen ───────────────────────────────────────────────
    const deskReady = async (page: Page) => {
      await page.waitForSelector('html[data-desk-ready="true"]', { state: 'attached' });
      await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'visible' });
    };
    const helloReady = (page: Page) => page.getByRole('heading', { name: 'Hello, world' }).waitFor({ state: 'visible' });
    await firstScreen(browser, desk.harness.url, deskReady); // warm-up (the OS file cache, the desk's first queries)
    const desks: number[] = [];
    const hellos: number[] = [];
    for (let i = 0; i < FIRST_SCREEN_RUNS; i++) {
      desks.push(await firstScreen(browser, desk.harness.url, deskReady));
      hellos.push(await firstScreen(browser, `${plain.origin}/?r=${randomBytes(4).toString('hex')}`, helloReady));
    }
    results.push(
      compare(
        'time to first screen of the harness (nav visible, data-desk-ready)',
        median(desks),
        'static hello-world page from node:http',
        median(hellos),
        `median of ${FIRST_SCREEN_RUNS} fresh contexts each; store holds 100k transactions`,
      ),
    );

    // ── one page of the desk for the rest ──────────────────────────────────
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    await page.goto(desk.harness.url);
    await deskReady(page);

    // ── filtering 100,000 cached transactions ──────────────────────────────
    const filtered = await queryTime(page, { userId: 7, type: 'buy' }, QUERY_RUNS);
    const unfiltered = await queryTime(page, {}, QUERY_RUNS);
    if (unfiltered.total < TRANSACTIONS) throw new Error(`the cache holds ${unfiltered.total} transactions, expected ${TRANSACTIONS}`);
    results.push(
      compare(
        `transactions.query user+type filter over ${unfiltered.total.toLocaleString('en-US')} cached (${filtered.total} match), page of 200 + total, via the bridge`,
        filtered.ms,
        'unfiltered first page of 200 + total, via the bridge',
        unfiltered.ms,
        `median of ${QUERY_RUNS}`,
      ),
    );

    // ── a 7-day rate chart ─────────────────────────────────────────────────
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.hash = '#/rates';
    });
    await page.getByRole('img', { name: /price chart, \d+ points$/ }).waitFor({ state: 'visible', timeout: 30_000 });
    const week: number[] = [];
    const quarter: number[] = [];
    let weekPoints = 0;
    let quarterPoints = 0;
    for (let i = 0; i < CHART_RUNS; i++) {
      const w = await chartTime(page, '7 d');
      week.push(w.ms);
      weekPoints = w.points;
      const q = await chartTime(page, '15 min');
      quarter.push(q.ms);
      quarterPoints = q.points;
    }
    results.push(
      compare(
        `7-day BTC/EUR chart (${(WEEK_MS / STEP_MS).toLocaleString('en-US')} stored rates → ${weekPoints} points drawn): click "7 d" → chart painted`,
        median(week),
        `"15 min" range (${quarterPoints} points)`,
        median(quarter),
        `median of ${CHART_RUNS}; includes the bridge call and the store's downsampling`,
      ),
    );
    await context.close();
    results.push({
      name: 'seeding the store (100k transactions + 7 d of rates) and starting the desk',
      value: seedMs,
      unit: 'ms',
      note: 'setup, not a UI figure',
    });
    return results;
  } finally {
    await browser.close();
    await plain.close();
    await desk.close();
  }
};
