import { describe, expect, it } from 'vitest';
import type { Transaction, TransactionPage } from '../../../shared/kriptomat';
import { syncTransactions } from '../../../main/services/transactions';
import { MemoryStore } from './memory-store';

/** A fake paged list: newest first, 8 per page, like the API. */
function pagedList(count: () => number) {
  const calls: number[] = [];
  const fetchPage = async (page: number): Promise<TransactionPage> => {
    calls.push(page);
    const total = count();
    const pages = Math.max(1, Math.ceil(total / 8));
    const ids = Array.from({ length: total }, (_, i) => total - i).slice((page - 1) * 8, page * 8);
    const transactions: Transaction[] = ids.map((id) => ({
      id,
      user_id: (id % 3) + 1,
      type: 'buy',
      amount: '1',
      pair: 'btceur',
      price: '1',
      date: '2026-01-01T00:00:00.000',
      state: 'success',
      fee: '0',
      subtotal: '1',
      total: '1',
    }));
    return { transactions, meta: { current_page: page, total_pages: pages, total_count: total, per_page: 8, last_page: page >= pages, out_of_range: page > pages } };
  };
  return { fetchPage, calls };
}

describe('syncTransactions', () => {
  it('reads everything the first time, then only the new pages, stopping at the first known page', async () => {
    const store = new MemoryStore();
    let total = 100;
    const list = pagedList(() => total);
    const first = await syncTransactions({ store }, 'p', list.fetchPage, { full: false, concurrency: 4 });
    expect(first).toEqual({ fetchedPages: 13, newTransactions: 100, totalCached: 100 });
    expect(new Set(list.calls).size).toBe(13);
    expect(store.discovered.get('p')).toEqual(new Set([1, 2, 3]));

    total = 120; // 20 new: pages 1-3 hold new rows, page 3 also known ones
    list.calls.length = 0;
    const second = await syncTransactions({ store }, 'p', list.fetchPage, { full: false, concurrency: 1 });
    expect(second.newTransactions).toBe(20);
    expect(list.calls).toEqual([1, 2, 3]);

    list.calls.length = 0;
    const nothingNew = await syncTransactions({ store }, 'p', list.fetchPage, { full: false, concurrency: 4 });
    expect(nothingNew).toMatchObject({ fetchedPages: 1, newTransactions: 0, totalCached: 120 });
  });

  it('full sync refetches every page with bounded concurrency and reports progress', async () => {
    const store = new MemoryStore();
    const list = pagedList(() => 50);
    await syncTransactions({ store }, 'p', list.fetchPage, { full: false, concurrency: 4 });
    list.calls.length = 0;
    const progress: number[] = [];
    const result = await syncTransactions({ store }, 'p', list.fetchPage, { full: true, concurrency: 3, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ fetchedPages: 7, newTransactions: 0, totalCached: 50 });
    expect(list.calls.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads the whole list while the history is incomplete, even when page 1 holds a known transaction', async () => {
    const store = new MemoryStore();
    const list = pagedList(() => 40);
    // An order's polling cached the newest transaction before any sync ran.
    store.upsertTransactions('p', [{ id: 40, user_id: 1, type: 'buy', amount: '1', pair: 'btceur', price: '1', date: '', state: 'success', fee: '0', subtotal: '1', total: '1' }]);
    const result = await syncTransactions({ store }, 'p', list.fetchPage, { full: false, concurrency: 2 });
    expect(result).toMatchObject({ fetchedPages: 5, newTransactions: 39, totalCached: 40 });
  });

  it('copes with a list without meta by reading until an empty page', async () => {
    const store = new MemoryStore();
    const list = pagedList(() => 20);
    const noMeta = async (page: number): Promise<TransactionPage> => ({ transactions: (await list.fetchPage(page)).transactions });
    const result = await syncTransactions({ store }, 'p', noMeta, { full: false, concurrency: 2 });
    expect(result.totalCached).toBe(20);
  });
});
