import { describe, expect, it } from 'vitest';
import type { Transaction, TransactionPage } from '../../../shared/kriptomat';
import { syncTransactions } from '../../../main/services/transactions/transactions';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { MemoryStore } from './memory-store';

/** A fake paged list: newest first, 8 per page, like the API; `states` overrides a transaction's state (default success). */
function pagedList(count: () => number, states = new Map<number, string>()) {
  const calls: number[] = [];
  const reads: number[] = [];
  const tx = (id: number): Transaction => ({
    id,
    user_id: (id % 3) + 1,
    type: 'buy',
    amount: '1',
    pair: 'btceur',
    price: '1',
    date: '2026-01-01T00:00:00.000',
    state: states.get(id) ?? 'success',
    fee: '0',
    subtotal: '1',
    total: '1',
  });
  const page = async (n: number): Promise<TransactionPage> => {
    calls.push(n);
    const total = count();
    const pages = Math.max(1, Math.ceil(total / 8));
    const ids = Array.from({ length: total }, (_, i) => total - i).slice((n - 1) * 8, n * 8);
    return {
      transactions: ids.map(tx),
      meta: { current_page: n, total_pages: pages, total_count: total, per_page: 8, last_page: n >= pages, out_of_range: n > pages },
    };
  };
  const one = async (userId: number, id: number): Promise<Transaction> => {
    reads.push(id);
    if (id > count() || (id % 3) + 1 !== userId)
      throw new KriptomatError({ kind: 'not_found', endpoint: 'showTransaction', message: 'no such transaction' });
    return tx(id);
  };
  return { page, one, calls, reads, states };
}

describe('syncTransactions', () => {
  it('reads everything the first time, then only the new pages, stopping at the first known page', async () => {
    const store = new MemoryStore();
    let total = 100;
    const list = pagedList(() => total);
    const first = await syncTransactions({ store }, 'p', list, { full: false, concurrency: 4 });
    expect(first).toEqual({ fetchedPages: 13, newTransactions: 100, totalCached: 100 });
    expect(new Set(list.calls).size).toBe(13);
    expect(store.discovered.get('p')).toEqual(new Set([1, 2, 3]));

    total = 120; // 20 new: pages 1-3 hold new rows, page 3 also known ones
    list.calls.length = 0;
    const second = await syncTransactions({ store }, 'p', list, { full: false, concurrency: 1 });
    expect(second.newTransactions).toBe(20);
    expect(list.calls).toEqual([1, 2, 3]);

    list.calls.length = 0;
    const nothingNew = await syncTransactions({ store }, 'p', list, { full: false, concurrency: 4 });
    expect(nothingNew).toMatchObject({ fetchedPages: 1, newTransactions: 0, totalCached: 120 });
  });

  it('full sync refetches every page with bounded concurrency and reports progress', async () => {
    const store = new MemoryStore();
    const list = pagedList(() => 50);
    await syncTransactions({ store }, 'p', list, { full: false, concurrency: 4 });
    list.calls.length = 0;
    const progress: number[] = [];
    const result = await syncTransactions({ store }, 'p', list, { full: true, concurrency: 3, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ fetchedPages: 7, newTransactions: 0, totalCached: 50 });
    expect(list.calls.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads the whole list while the history is incomplete, even when page 1 holds a known transaction', async () => {
    const store = new MemoryStore();
    const list = pagedList(() => 40);
    // An order's polling cached the newest transaction before any sync ran.
    await store.upsertTransactions('p', [
      {
        id: 40,
        user_id: 1,
        type: 'buy',
        amount: '1',
        pair: 'btceur',
        price: '1',
        date: '',
        state: 'success',
        fee: '0',
        subtotal: '1',
        total: '1',
      },
    ]);
    const result = await syncTransactions({ store }, 'p', list, { full: false, concurrency: 2 });
    expect(result).toMatchObject({ fetchedPages: 5, newTransactions: 39, totalCached: 40 });
  });

  it('copes with a list without meta by reading until an empty page', async () => {
    const store = new MemoryStore();
    const list = pagedList(() => 20);
    const noMeta = {
      ...list,
      page: async (page: number): Promise<TransactionPage> => ({ transactions: (await list.page(page)).transactions }),
    };
    const result = await syncTransactions({ store }, 'p', noMeta, { full: false, concurrency: 2 });
    expect(result.totalCached).toBe(20);
  });

  it('settles a cached pending transaction that newer ones pushed past the first known page, reading it by id when that is cheaper', async () => {
    const store = new MemoryStore();
    let total = 100;
    const list = pagedList(() => total, new Map([[90, 'pending']]));
    await syncTransactions({ store }, 'p', list, { full: false, concurrency: 4 });
    expect((await store.queryTransactions('p', { state: 'pending' }, undefined, 10, 0)).total).toBe(1);

    total = 180; // 80 new ones: transaction 90 is now on page 12 of the list
    list.states.set(90, 'success');
    list.calls.length = 0;
    const result = await syncTransactions({ store }, 'p', list, { full: false, concurrency: 1 });
    expect(result.newTransactions).toBe(80);
    expect(list.calls).toEqual(Array.from({ length: 11 }, (_, i) => i + 1)); // up to the first known page
    expect(list.reads).toEqual([90]);
    expect((await store.queryTransactions('p', { state: 'pending' }, undefined, 10, 0)).total).toBe(0);
    expect((await store.queryTransactions('p', { state: 'success' }, undefined, 1000, 0)).total).toBe(180);
  });

  it('pages back to the oldest unsettled row when that costs fewer requests than reading each', async () => {
    const store = new MemoryStore();
    let total = 40;
    const pendingIds = [33, 35, 36, 37, 38, 39, 40];
    const list = pagedList(() => total, new Map(pendingIds.map((id) => [id, 'pending'])));
    await syncTransactions({ store }, 'p', list, { full: false, concurrency: 2 });
    expect((await store.queryTransactions('p', { state: 'pending' }, undefined, 10, 0)).total).toBe(7);

    total = 48; // one new page: the seven pending rows now sit on page 2
    for (const id of pendingIds) list.states.set(id, id === 33 ? 'failed' : 'success');
    list.calls.length = 0;
    await syncTransactions({ store }, 'p', list, { full: false, concurrency: 1 });
    expect(list.calls).toEqual([1, 2]);
    expect(list.reads).toEqual([]);
    expect((await store.queryTransactions('p', { state: 'pending' }, undefined, 10, 0)).total).toBe(0);
    expect((await store.queryTransactions('p', { state: 'failed' }, undefined, 10, 0)).rows.map((r) => r.id)).toEqual([33]);
  });

  it('reads only the first page and nothing else when nothing changed and nothing is pending', async () => {
    const store = new MemoryStore();
    const list = pagedList(() => 30);
    await syncTransactions({ store }, 'p', list, { full: false, concurrency: 2 });
    list.calls.length = 0;
    await syncTransactions({ store }, 'p', list, { full: false, concurrency: 2 });
    expect(list.calls).toEqual([1]);
    expect(list.reads).toEqual([]);
  });

  it('keeps a pending row Kriptomat no longer knows as cached, and fails the sync on any other read error', async () => {
    const store = new MemoryStore();
    let total = 100;
    const list = pagedList(() => total, new Map([[5, 'pending']]));
    await syncTransactions({ store }, 'p', list, { full: false, concurrency: 2 });
    total = 108;
    const gone = {
      ...list,
      one: async () => Promise.reject(new KriptomatError({ kind: 'not_found', endpoint: 'showTransaction', message: 'gone' })),
    };
    await expect(syncTransactions({ store }, 'p', gone, { full: false, concurrency: 2 })).resolves.toMatchObject({ newTransactions: 8 });
    expect((await store.queryTransactions('p', { state: 'pending' }, undefined, 10, 0)).total).toBe(1);
    total = 116;
    const broken = {
      ...list,
      one: async () => Promise.reject(Object.assign(new Error('down'), { name: 'SessionError', kind: 'signed_out' })),
    };
    await expect(syncTransactions({ store }, 'p', broken, { full: false, concurrency: 2 })).rejects.toThrow('down');
    expect(await store.countTransactions('p')).toBe(108); // nothing half-written
  });
});
