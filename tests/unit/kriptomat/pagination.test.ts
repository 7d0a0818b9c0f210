import { describe, expect, it } from 'vitest';
import { fetchAllPages, type PageOf } from '../../../main/kriptomat/pagination';
import type { PaginationMeta } from '../../../shared/kriptomat';

/** A fake list of `total` rows (ids total..1, newest first), 8 per page, with a configurable meta. */
function pagedSource(total: number, meta: 'sandbox' | 'none' | 'odd' = 'sandbox', delayMs = 0) {
  const perPage = 8;
  const totalPages = Math.ceil(total / perPage);
  const calls: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage = async (page: number): Promise<PageOf<number>> => {
    calls.push(page);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    inFlight--;
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
    if (meta === 'none') return { transactions: rows };
    if (meta === 'odd') return { transactions: rows, meta: {} };
    return { transactions: rows, meta: m };
  };
  return { fetchPage, calls, maxInFlight: () => maxInFlight };
}

const descending = (n: number) => Array.from({ length: n }, (_, i) => n - i);

describe('fetchAllPages', () => {
  it('fetches page 1, then the rest with bounded concurrency, rows in page order', async () => {
    const source = pagedSource(100, 'sandbox', 5);
    const rows = await fetchAllPages(source.fetchPage, { concurrency: 3 });
    expect(rows).toEqual(descending(100));
    expect(source.calls[0]).toBe(1);
    expect([...source.calls].sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(source.maxInFlight()).toBe(3);
  });

  it('without meta, pages one at a time until an empty page', async () => {
    const source = pagedSource(20, 'none');
    const rows = await fetchAllPages(source.fetchPage, { concurrency: 4 });
    expect(rows).toEqual(descending(20));
    expect(source.calls).toEqual([1, 2, 3, 4]);
    expect(source.maxInFlight()).toBe(1);
  });

  it('with an unrecognised meta, falls back to sequential paging', async () => {
    const source = pagedSource(17, 'odd');
    expect(await fetchAllPages(source.fetchPage, { concurrency: 4 })).toEqual(descending(17));
    expect(source.calls).toEqual([1, 2, 3, 4]);
  });

  it('an empty first page gives no rows and no more requests', async () => {
    const source = pagedSource(0);
    expect(await fetchAllPages(source.fetchPage)).toEqual([]);
    expect(source.calls).toEqual([1]);
  });

  it('incremental mode stops at the first page whose rows are all known', async () => {
    const known = new Set(descending(60)); // rows 1..60 are cached; 61..100 are new
    const source = pagedSource(100, 'sandbox');
    const rows = await fetchAllPages(source.fetchPage, {
      concurrency: 1,
      stopWhen: (pageRows) => pageRows.every((id) => known.has(id)),
    });
    // Pages 1–5 hold 100..61; page 6 holds 60..53 (all known) and ends the paging.
    expect(source.calls).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.filter((id) => !known.has(id))).toEqual(Array.from({ length: 40 }, (_, i) => 100 - i));
  });

  it('incremental mode with concurrency stops launching pages once told to stop', async () => {
    const source = pagedSource(400, 'sandbox', 2);
    await fetchAllPages(source.fetchPage, { concurrency: 4, stopWhen: (_rows, page) => page === 3 });
    // Page 3 ends it; at most the pages already in flight (up to 3 + 4 − 1) were started.
    expect(Math.max(...source.calls)).toBeLessThanOrEqual(6);
  });

  it('keeps a row once when it shows up on two pages', async () => {
    const pages: Record<number, number[]> = { 1: [9, 8, 7], 2: [7, 6, 5], 3: [] };
    const rows = await fetchAllPages((page) => Promise.resolve({ transactions: pages[page] ?? [] }), { keyOf: (id) => id });
    expect(rows).toEqual([9, 8, 7, 6, 5]);
  });

  it('keeps going past total_pages when the last page says more follow', async () => {
    const pages: Record<number, PageOf<number>> = {
      1: { transactions: [6, 5], meta: { current_page: 1, total_pages: 2, last_page: false } },
      2: { transactions: [4, 3], meta: { current_page: 2, total_pages: 3, last_page: false } },
      3: { transactions: [2, 1], meta: { current_page: 3, total_pages: 3, last_page: true } },
    };
    const calls: number[] = [];
    const rows = await fetchAllPages((page) => {
      calls.push(page);
      return Promise.resolve(pages[page] ?? { transactions: [] });
    });
    expect(rows).toEqual([6, 5, 4, 3, 2, 1]);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('a failing page rejects the whole fetch', async () => {
    const source = pagedSource(50);
    await expect(
      fetchAllPages((page) => (page === 4 ? Promise.reject(new Error('page 4 failed')) : source.fetchPage(page)), { concurrency: 2 }),
    ).rejects.toThrow('page 4 failed');
  });

  it('reports progress per page', async () => {
    const source = pagedSource(20);
    const seen: Array<[number, number, number | null]> = [];
    await fetchAllPages(source.fetchPage, { concurrency: 2, onPage: (p) => seen.push([p.page, p.rows, p.totalPages]) });
    expect(seen).toEqual([
      [1, 8, 3],
      [2, 8, 3],
      [3, 4, 3],
    ]);
  });
});
