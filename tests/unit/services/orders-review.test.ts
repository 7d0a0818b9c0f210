// Rows that need review: reconciled through every page of the user's
// transactions since the order (not only the first), and settled by hand —
// booked as a matching transaction, or not booked — with an audit entry.
import { describe, expect, it } from 'vitest';
import type { Transaction, TransactionPage } from '../../../shared/kriptomat';
import { toDeskError } from '../../../main/errors';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { createOrderService } from '../../../main/services/orders/orders';
import { NOT_BOOKED_MESSAGE } from '../../../main/services/orders/review';
import { fakeContext } from './fakes';

const HOUR = 3_600_000;
const PROFILE = 'local-sandbox';
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 23);

function tx(id: number, atMs: number, overrides: Partial<Transaction> = {}): Transaction {
  return {
    id,
    user_id: 1,
    type: 'buy',
    amount: '0.0004',
    pair: 'btceur',
    price: '50000',
    date: iso(atMs),
    state: 'success',
    fee: '0.30',
    subtotal: '19.70',
    total: '20.00',
    ...overrides,
  };
}

/** The user's history as the API pages it: newest first, 8 a page, with meta. */
function pagedHistory(all: Transaction[], requested: number[]) {
  const sorted = [...all].sort((a, b) => b.id - a.id);
  const totalPages = Math.max(1, Math.ceil(sorted.length / 8));
  return async (_userId: number, page = 1): Promise<TransactionPage> => {
    requested.push(page);
    return {
      transactions: sorted.slice((page - 1) * 8, page * 8),
      meta: {
        current_page: page,
        total_pages: totalPages,
        total_count: sorted.length,
        per_page: 8,
        last_page: page >= totalPages,
        out_of_range: page > totalPages,
      },
    };
  };
}

const base = { profileId: PROFILE, userId: 1, kind: 'buy' as const, pair: 'btceur', amount: '20.00', bankAccountId: null };

describe('reconciling a needs-review row', () => {
  it('finds the order on a later page and stops once the pages reach back past the order', async () => {
    const now = Date.now();
    const orderAt = now - 2 * HOUR;
    // Newest first: 20 transactions of another amount, then the order's (on page 3), then a long older history.
    const history: Transaction[] = [];
    let id = 1;
    for (let i = 0; i < 400; i++) history.push(tx(id++, orderAt - (403 - i) * 60_000, { total: '20.00' })); // older than the order (and the clock slack): look alike, but too old
    const booked = tx(id++, orderAt + 30_000, { total: '20' });
    history.push(booked);
    for (let i = 0; i < 20; i++) history.push(tx(id++, orderAt + 60_000 + i * 60_000, { total: '99.00' }));
    const requested: number[] = [];
    const { ctx, store, runtime } = fakeContext({
      userTransactions: pagedHistory(history, requested),
      showTransaction: async (_u: number, txId: number) => ({ ...booked, id: txId }),
    });
    await store.beginOrder({ ...base, idempotencyKey: 'key-review-pages' });
    store.orders.get('key-review-pages')!.createdAtMs = orderAt;
    await store.markOrderNeedsReview('key-review-pages', 'refused repeat');

    createOrderService(ctx).resume(runtime);
    await runtime.idle();

    expect((await store.recentOrders(PROFILE))[0]).toMatchObject({ state: 'success', transactionId: booked.id });
    expect(Math.max(...requested)).toBeGreaterThanOrEqual(3);
    // 53 pages in all; the paging stopped soon after the page that reached back past the order.
    expect(Math.max(...requested)).toBeLessThan(10);
    expect(store.audit.at(-1)?.summary).toContain(`found as transaction ${booked.id}`);
    // What was read went into the transaction cache.
    expect((await store.knownTransactionIds(PROFILE, [booked.id])).has(booked.id)).toBe(true);
  });

  it('leaves the row for the operator when two unclaimed transactions on different pages match', async () => {
    const orderAt = Date.now() - HOUR;
    const history = [
      tx(1, orderAt + 1_000),
      ...Array.from({ length: 10 }, (_, i) => tx(2 + i, orderAt + 2_000 + i, { total: '5.00' })),
      tx(20, orderAt + 50_000),
    ];
    const { ctx, store, runtime } = fakeContext({ userTransactions: pagedHistory(history, []) });
    await store.beginOrder({ ...base, idempotencyKey: 'key-review-twice' });
    store.orders.get('key-review-twice')!.createdAtMs = orderAt;
    await store.markOrderNeedsReview('key-review-twice', 'refused repeat');
    createOrderService(ctx).resume(runtime);
    await runtime.idle();
    expect((await store.recentOrders(PROFILE))[0]).toMatchObject({ state: 'needs_review', transactionId: null });
  });
});

describe('settling a needs-review row by hand', () => {
  async function rig(history: Transaction[], options: { listFails?: boolean } = {}) {
    const orderAt = Date.now() - HOUR;
    let sent = 0;
    const api = {
      userTransactions: options.listFails
        ? async (): Promise<TransactionPage> =>
            Promise.reject(new KriptomatError({ kind: 'network', endpoint: 'userTransactions', message: 'Could not reach Kriptomat.' }))
        : pagedHistory(history, []),
      showTransaction: async (_u: number, id: number) => {
        const found = history.find((t) => t.id === id);
        if (!found)
          throw new KriptomatError({
            kind: 'not_found',
            endpoint: 'showTransaction',
            status: 404,
            message: 'Kriptomat could not find what was asked for.',
          });
        return found;
      },
      buy: async () => {
        sent++;
        return { transaction_id: 999 };
      },
    };
    const context = fakeContext(api);
    const { store } = context;
    const row = await store.beginOrder({ ...base, idempotencyKey: 'key-settle-0001' });
    store.orders.get('key-settle-0001')!.createdAtMs = orderAt;
    await store.markOrderNeedsReview('key-settle-0001', 'refused repeat');
    return { ...context, row, orderAt, orders: createOrderService(context.ctx), sent: () => sent };
  }

  it('offers the unclaimed transactions that look like the order, newest first', async () => {
    const orderAt = Date.now() - HOUR;
    const history = [
      tx(1, orderAt - 10 * 60_000),
      tx(2, orderAt + 1_000),
      tx(3, orderAt + 2_000, { total: '25.00' }),
      tx(4, orderAt + 3_000, { pair: 'etheur' }),
      tx(5, orderAt + 4_000),
      tx(6, orderAt + 5_000),
    ];
    const { orders, row, store } = await rig(history);
    await store.beginOrder({ ...base, idempotencyKey: 'key-other-00001' });
    await store.markOrderAccepted('key-other-00001', 6);
    const view = await orders.handlers['orders.reviewCandidates']({ orderId: row.id });
    expect(view).toMatchObject({ orderId: row.id, live: true });
    expect(view.candidates.map((c) => c.id)).toEqual([5, 2]);
  });

  it('offers cached transactions when Kriptomat cannot be read', async () => {
    const { orders, row, store, orderAt } = await rig([], { listFails: true });
    await store.upsertTransactions(PROFILE, [tx(7, orderAt + 1_000), tx(8, orderAt + 2_000, { total: '1.00' })]);
    const view = await orders.handlers['orders.reviewCandidates']({ orderId: row.id });
    expect(view).toMatchObject({ live: false });
    expect(view.candidates.map((c) => c.id)).toEqual([7]);
  });

  it('booked: accepts the row with the chosen transaction, follows it to final and audits it', async () => {
    const orderAt = Date.now() - HOUR;
    // Two candidates: the desk cannot choose, the operator can.
    const { orders, row, store, runtime, emitted, sent } = await rig([tx(11, orderAt + 1_000), tx(12, orderAt + 2_000)]);
    const view = await orders.handlers['orders.settle']({ orderId: row.id, outcome: 'booked', transactionId: 12 });
    expect(view).toMatchObject({ state: 'accepted', transactionId: 12, error: null });
    await runtime.idle();
    expect((await store.recentOrders(PROFILE))[0]).toMatchObject({ state: 'success', transactionId: 12 });
    expect(store.audit.at(-1)).toMatchObject({
      action: 'order.settle',
      outcome: 'ok',
      summary: expect.stringContaining('settled by hand as booked: transaction 12'),
    });
    expect(emitted.filter((e) => e.name === 'orders.updated').map((e) => (e.payload as { state: string }).state)).toEqual([
      'accepted',
      'success',
    ]);
    expect(sent()).toBe(0);
  });

  it('not booked: fails the row with a reason and an audit entry; its key is never sent again', async () => {
    const { orders, row, store, runtime, sent } = await rig([]);
    const view = await orders.handlers['orders.settle']({ orderId: row.id, outcome: 'not_booked' });
    expect(view).toMatchObject({ state: 'failed', error: NOT_BOOKED_MESSAGE, transactionId: null });
    expect(store.audit.at(-1)).toMatchObject({
      action: 'order.settle',
      outcome: 'ok',
      summary: expect.stringContaining('settled by hand as not booked'),
    });
    orders.resume(runtime);
    await runtime.idle();
    expect(sent()).toBe(0);
    expect(await store.pendingSends(PROFILE)).toEqual([]);
    expect((await store.recentOrders(PROFILE))[0]).toMatchObject({ state: 'failed' });
  });

  it("refuses a transaction that is not the order's: unknown, another amount, older, or another order's", async () => {
    const orderAt = Date.now() - HOUR;
    const history = [
      tx(21, orderAt + 1_000, { total: '25.00' }),
      tx(22, orderAt - 10 * 60_000),
      tx(23, orderAt + 2_000),
      tx(24, orderAt + 3_000, { type: 'sell' }),
    ];
    const { orders, row, store } = await rig(history);
    await store.beginOrder({ ...base, idempotencyKey: 'key-owner-00001' });
    await store.markOrderAccepted('key-owner-00001', 23);
    for (const [transactionId, message] of [
      [99, 'User 1 has no transaction 99.'],
      [21, 'Transaction 21 is not this order'],
      [22, 'Transaction 22 is not this order'],
      [24, 'Transaction 24 is not this order'],
      [23, 'Transaction 23 is already order'],
    ] as const) {
      const error = toDeskError(
        await orders.handlers['orders.settle']({ orderId: row.id, outcome: 'booked', transactionId }).catch((e: unknown) => e),
      );
      expect(error.kind).toBe('validation');
      expect(error.fieldErrors?.transactionId?.[0]).toContain(message);
    }
    expect((await store.recentOrders(PROFILE)).find((r) => r.id === row.id)).toMatchObject({ state: 'needs_review', transactionId: null });
    expect(store.audit.filter((a) => a.action === 'order.settle').map((a) => a.outcome)).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
    ]);
  });

  it('settles only needs-review rows of the active environment', async () => {
    const { orders, row, store } = await rig([]);
    await orders.handlers['orders.settle']({ orderId: row.id, outcome: 'not_booked' });
    expect(
      toDeskError(await orders.handlers['orders.settle']({ orderId: row.id, outcome: 'not_booked' }).catch((e: unknown) => e)).kind,
    ).toBe('conflict');
    const elsewhere = await store.beginOrder({ ...base, profileId: 'staging', idempotencyKey: 'key-staging-001' });
    await store.markOrderNeedsReview('key-staging-001', 'refused repeat');
    expect(
      toDeskError(await orders.handlers['orders.settle']({ orderId: elsewhere.id, outcome: 'not_booked' }).catch((e: unknown) => e)).kind,
    ).toBe('not_found');
    expect(toDeskError(await orders.handlers['orders.reviewCandidates']({ orderId: 'missing' }).catch((e: unknown) => e)).kind).toBe(
      'not_found',
    );
  });
});
