import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { fetchAllPages, type FetchAllPagesOptions, type PageOf } from '../../../main/kriptomat/pagination';
import type { PaginationMeta } from '../../../shared/kriptomat';

// Every test runs on fake timers: answer times and Retry-After pauses are
// virtual, so nothing here depends on (or asserts) the machine's speed.

interface SourceOptions {
  meta?: 'sandbox' | 'none' | 'odd';
  /** Answer time of one request, given the page and how many are in flight with it. */
  latency?: (page: number, inFlight: number) => number;
  /** An error to answer with instead, given the page and which request for it this is (1-based). */
  fail?: (page: number, attempt: number) => Error | undefined;
}

interface Launch {
  page: number;
  at: number;
  /** In flight right after this one started. */
  inFlight: number;
}

/** A fake list of `total` rows (ids total..1, newest first), 8 per page. */
function pagedSource(total: number, options: SourceOptions = {}) {
  const perPage = 8;
  const totalPages = Math.ceil(total / perPage);
  const launches: Launch[] = [];
  const failures: Array<{ page: number; at: number }> = [];
  const attempts = new Map<number, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage = async (page: number): Promise<PageOf<number>> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    launches.push({ page, at: Date.now(), inFlight });
    const attempt = (attempts.get(page) ?? 0) + 1;
    attempts.set(page, attempt);
    await new Promise((resolve) => setTimeout(resolve, options.latency?.(page, inFlight) ?? 1));
    inFlight--;
    const error = options.fail?.(page, attempt);
    if (error) {
      failures.push({ page, at: Date.now() });
      throw error;
    }
    const rows: number[] = [];
    for (let i = (page - 1) * perPage; i < Math.min(total, page * perPage); i++) rows.push(total - i);
    const m: PaginationMeta = {
      current_page: page,
      total_pages: totalPages,
      total_count: total,
      per_page: perPage,
      last_page: page >= totalPages,
      out_of_range: page > totalPages,
    };
    if (options.meta === 'none') return { transactions: rows };
    if (options.meta === 'odd') return { transactions: rows, meta: {} };
    return { transactions: rows, meta: m };
  };
  return {
    fetchPage,
    launches,
    failures,
    calls: () => launches.map((l) => l.page),
    maxInFlight: () => maxInFlight,
    inFlight: () => inFlight,
  };
}

/** Runs the fetch to its end on virtual time. */
async function drive<R>(promise: Promise<R>): Promise<R> {
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const outcome = await settled;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

const fetchAll = <T>(fetchPage: (page: number) => Promise<PageOf<T>>, options: FetchAllPagesOptions<T> = {}) =>
  drive(fetchAllPages(fetchPage, { now: () => Date.now(), ...options }));

const rateLimited = (retryAfterSeconds?: number) =>
  new KriptomatError({
    kind: 'rate_limited',
    endpoint: 'allTransactions',
    status: 429,
    message: 'Kriptomat is limiting the request rate.',
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });

const descending = (n: number) => Array.from({ length: n }, (_, i) => n - i);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('fetchAllPages', () => {
  it('fetches page 1 alone, then the rest, rows in page order whatever order the answers come in', async () => {
    // Answer times scattered per page, so later pages often answer first.
    const source = pagedSource(400, { latency: (page) => 5 + ((page * 37) % 23) });
    const progress: number[] = [];
    const rows = await fetchAll(source.fetchPage, { maxConcurrency: 6, onPage: (p) => progress.push(p.page) });
    expect(rows).toEqual(descending(400));
    expect(progress).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(source.launches[0]).toMatchObject({ page: 1, inFlight: 1 });
    expect(source.launches[1]!.at).toBeGreaterThan(source.launches[0]!.at);
    expect([...source.calls()].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('starts with a small window and grows to the ceiling while answers are fast', async () => {
    const source = pagedSource(800, { latency: () => 10 });
    await fetchAll(source.fetchPage, { maxConcurrency: 6, initialConcurrency: 2 });
    // Right after page 1, only the initial window is in flight.
    const firstRound = source.launches.filter((l) => l.at === source.launches[1]!.at);
    expect(firstRound.map((l) => l.page)).toEqual([2, 3]);
    expect(source.maxInFlight()).toBe(6);
  });

  it('never has more than the ceiling in flight', async () => {
    const source = pagedSource(2_000, { latency: (page) => 1 + (page % 7) });
    const rows = await fetchAll(source.fetchPage, { maxConcurrency: 5, initialConcurrency: 50 });
    expect(rows).toEqual(descending(2_000));
    expect(source.maxInFlight()).toBe(5);
  });

  it('stops growing when answers slow down as more are in flight', async () => {
    // A service that queues: each request takes 10 ms per request in flight.
    const source = pagedSource(800, { latency: (_page, inFlight) => 10 * inFlight });
    await fetchAll(source.fetchPage, { maxConcurrency: 16 });
    expect(source.maxInFlight()).toBeLessThanOrEqual(3);
  });

  it('on a 429, halves the window once, starts nothing before Retry-After and asks the page again', async () => {
    // Pages 60–63, all of one window, are refused once each.
    const limited = (page: number) => page >= 60 && page <= 63;
    const source = pagedSource(1_600, {
      latency: () => 10,
      fail: (page, attempt) => (limited(page) && attempt === 1 ? rateLimited(2) : undefined),
    });
    const rows = await fetchAll(source.fetchPage, { maxConcurrency: 8 });
    expect(rows).toEqual(descending(1_600));

    const firstRefusal = source.failures[0]!.at;
    const lastRefusal = source.failures.at(-1)!.at;
    expect(source.launches.filter((l) => l.page <= 59).every((l) => l.inFlight <= 8)).toBe(true);
    expect(Math.max(...source.launches.filter((l) => l.at < firstRefusal).map((l) => l.inFlight))).toBe(8);
    // Nothing new starts until Retry-After (2 s) has passed since a refusal.
    const resumed = source.launches.filter((l) => l.at > lastRefusal);
    expect(resumed[0]!.at).toBeGreaterThanOrEqual(lastRefusal + 2_000);
    expect(source.launches.filter((l) => l.at > firstRefusal && l.at < lastRefusal + 2_000)).toEqual([]);
    // The window went from 8 to 4, not lower: four 429s of one window are one congestion.
    const firstRound = resumed.filter((l) => l.at === resumed[0]!.at);
    expect(firstRound.map((l) => l.page)).toEqual([60, 61, 62, 63]);
    expect(firstRound.at(-1)!.inFlight).toBe(4);
    // …and it grows back afterwards.
    expect(Math.max(...resumed.map((l) => l.inFlight))).toBe(8);
  });

  it('a 429 without Retry-After still pauses before the page is asked again', async () => {
    const source = pagedSource(80, {
      latency: () => 10,
      fail: (page, attempt) => (page === 4 && attempt === 1 ? rateLimited() : undefined),
    });
    expect(await fetchAll(source.fetchPage, { maxConcurrency: 4 })).toEqual(descending(80));
    const refusal = source.failures[0]!.at;
    expect(source.launches.find((l) => l.at > refusal)!.at).toBeGreaterThanOrEqual(refusal + 1_000);
  });

  it('a page refused more often than allowed, or with a Retry-After too long to wait, fails the fetch', async () => {
    const always = pagedSource(80, { fail: (page) => (page === 5 ? rateLimited(1) : undefined) });
    await expect(fetchAll(always.fetchPage, { maxConcurrency: 4, maxRateLimitRetries: 2 })).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(always.calls().filter((p) => p === 5)).toHaveLength(3);

    const long = pagedSource(80, { fail: (page) => (page === 5 ? rateLimited(3_600) : undefined) });
    await expect(fetchAll(long.fetchPage, { maxConcurrency: 4 })).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 3_600 });
    expect(long.calls().filter((p) => p === 5)).toHaveLength(1);
  });

  it('a failing page rejects the whole fetch, once every request in flight has settled', async () => {
    const source = pagedSource(400, {
      latency: (page) => (page === 4 ? 1 : 20),
      fail: (page) => (page === 4 ? new Error('page 4 failed') : undefined),
    });
    let inFlightAtRejection = -1;
    const fetch = fetchAllPages(source.fetchPage, { maxConcurrency: 4 }).catch((error: unknown) => {
      inFlightAtRejection = source.inFlight();
      throw error;
    });
    await expect(drive(fetch)).rejects.toThrow('page 4 failed');
    expect(inFlightAtRejection).toBe(0);
    expect(Math.max(...source.calls())).toBeLessThan(10);
  });

  it('without meta, pages one at a time until an empty page', async () => {
    const source = pagedSource(20, { meta: 'none' });
    const rows = await fetchAll(source.fetchPage, { maxConcurrency: 4 });
    expect(rows).toEqual(descending(20));
    expect(source.calls()).toEqual([1, 2, 3, 4]);
    expect(source.maxInFlight()).toBe(1);
  });

  it('with an unrecognised meta, falls back to sequential paging', async () => {
    const source = pagedSource(17, { meta: 'odd' });
    expect(await fetchAll(source.fetchPage, { maxConcurrency: 4 })).toEqual(descending(17));
    expect(source.calls()).toEqual([1, 2, 3, 4]);
  });

  it('an empty first page gives no rows and no more requests', async () => {
    const source = pagedSource(0);
    expect(await fetchAll(source.fetchPage)).toEqual([]);
    expect(source.calls()).toEqual([1]);
  });

  it('incremental mode stops at the first page whose rows are all known', async () => {
    const known = new Set(descending(60)); // rows 1..60 are cached; 61..100 are new
    const source = pagedSource(100);
    const rows = await fetchAll(source.fetchPage, {
      maxConcurrency: 1,
      stopWhen: (pageRows) => pageRows.every((id) => known.has(id)),
    });
    // Pages 1–5 hold 100..61; page 6 holds 60..53 (all known) and ends the paging.
    expect(source.calls()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.filter((id) => !known.has(id))).toEqual(Array.from({ length: 40 }, (_, i) => 100 - i));
  });

  it('incremental mode with concurrency stops launching pages once told to stop', async () => {
    const source = pagedSource(4_000, { latency: () => 2 });
    const rows = await fetchAll(source.fetchPage, { maxConcurrency: 8, stopWhen: (_rows, page) => page === 30 });
    expect(rows).toEqual(descending(4_000).slice(0, 30 * 8));
    // Page 30 ends it; at most the pages already in flight (up to 29 + 8) were started.
    expect(Math.max(...source.calls())).toBeLessThanOrEqual(37);
    expect(source.inFlight()).toBe(0);
  });

  it('a page past the end that fails while paging stops does not fail the fetch', async () => {
    const source = pagedSource(4_000, { latency: () => 10, fail: (page) => (page === 8 ? new Error('page 8 failed') : undefined) });
    const rows = await fetchAll(source.fetchPage, { maxConcurrency: 8, initialConcurrency: 8, stopWhen: (_rows, page) => page === 3 });
    expect(source.calls()).toContain(8);
    expect(rows).toEqual(descending(4_000).slice(0, 24));
  });

  it('stopWhen on page 1 makes it the only request', async () => {
    const source = pagedSource(400);
    await fetchAll(source.fetchPage, { maxConcurrency: 8, stopWhen: () => true });
    expect(source.calls()).toEqual([1]);
  });

  it('keeps a row once when it shows up on two pages', async () => {
    const pages: Record<number, number[]> = { 1: [9, 8, 7], 2: [7, 6, 5], 3: [] };
    const rows = await fetchAll((page) => Promise.resolve({ transactions: pages[page] ?? [] }), { keyOf: (id) => id });
    expect(rows).toEqual([9, 8, 7, 6, 5]);
  });

  it('keeps going past total_pages when the last page says more follow', async () => {
    const pages: Record<number, PageOf<number>> = {
      1: { transactions: [6, 5], meta: { current_page: 1, total_pages: 2, last_page: false } },
      2: { transactions: [4, 3], meta: { current_page: 2, total_pages: 3, last_page: false } },
      3: { transactions: [2, 1], meta: { current_page: 3, total_pages: 3, last_page: true } },
    };
    const calls: number[] = [];
    const rows = await fetchAll((page) => {
      calls.push(page);
      return Promise.resolve(pages[page] ?? { transactions: [] });
    });
    expect(rows).toEqual([6, 5, 4, 3, 2, 1]);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('stops at maxPages', async () => {
    const source = pagedSource(400, { meta: 'none' });
    expect(await fetchAll(source.fetchPage, { maxPages: 3 })).toEqual(descending(400).slice(0, 24));
    expect(source.calls()).toEqual([1, 2, 3]);
  });

  it('reports progress per page', async () => {
    const source = pagedSource(20);
    const seen: Array<[number, number, number | null]> = [];
    await fetchAll(source.fetchPage, { maxConcurrency: 2, onPage: (p) => seen.push([p.page, p.rows, p.totalPages]) });
    expect(seen).toEqual([
      [1, 8, 3],
      [2, 8, 3],
      [3, 4, 3],
    ]);
  });
});
