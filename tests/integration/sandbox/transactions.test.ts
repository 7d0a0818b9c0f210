// Transaction lists: 8 per page, newest first, the documented meta block and its edges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { BASES, call, dump, login, start } from './helpers';

const META_KEYS = ['current_page', 'total_pages', 'total_count', 'per_page', 'last_page', 'out_of_range'];
const TX_KEYS = ['id', 'user_id', 'type', 'amount', 'pair', 'price', 'date', 'state', 'fee', 'subtotal', 'total'];

describe('transactions', () => {
  let sb: RunningSandbox;
  let token: string;
  let allIds: number[];
  let user1Ids: number[];
  beforeAll(async () => {
    sb = await start();
    token = await login(sb);
    const d = await dump(sb);
    allIds = d.transactions.map((t) => t.id).sort((a, b) => b - a);
    user1Ids = d.transactions
      .filter((t) => t.user_id === 1)
      .map((t) => t.id)
      .sort((a, b) => b - a);
  });
  afterAll(async () => {
    await sb.close();
  });

  it('the seed has at least 100 transactions of every type', async () => {
    const d = await dump(sb);
    expect(d.transactions.length).toBeGreaterThanOrEqual(100);
    expect(new Set(d.transactions.map((t) => t.type))).toEqual(new Set(['buy', 'sell', 'fiat_deposit', 'fiat_withdrawal']));
    expect(new Set(d.transactions.map((t) => t.state))).toEqual(new Set(['success', 'failed']));
    expect(user1Ids.length).toBeGreaterThan(16);
  });

  for (const [label, path, ids] of [
    ['users-transactions', 'users-transactions', () => allIds],
    ['users/1/transactions', 'users/1/transactions', () => user1Ids],
  ] as const) {
    describe(label, () => {
      it.each(BASES)('page 1 (and no page) under %s: 8 newest, meta as documented', async (base) => {
        for (const query of ['', '?page=1']) {
          const res = await call(sb, `${path}${query}`, { base, token });
          expect(res.status).toBe(200);
          expect(res.body.status).toBe(true);
          const { transactions, meta } = res.body.data;
          expect(Object.keys(meta)).toEqual(META_KEYS);
          const total = ids().length;
          expect(meta).toEqual({
            current_page: 1,
            total_pages: Math.ceil(total / 8),
            total_count: total,
            per_page: 8,
            last_page: false,
            out_of_range: false,
          });
          expect(transactions.map((t: { id: number }) => t.id)).toEqual(ids().slice(0, 8));
          expect(Object.keys(transactions[0])).toEqual(TX_KEYS);
        }
      });

      it('every page in turn covers each transaction once, newest first; the last page says so', async () => {
        const total = ids().length;
        const pages = Math.ceil(total / 8);
        const seen: number[] = [];
        for (let p = 1; p <= pages; p++) {
          const { data } = (await call(sb, `${path}?page=${p}`, { token })).body;
          expect(data.meta.current_page).toBe(p);
          expect(data.meta.last_page).toBe(p === pages);
          expect(data.meta.out_of_range).toBe(false);
          seen.push(...data.transactions.map((t: { id: number }) => t.id));
          if (p === pages) expect(data.transactions).toHaveLength(total - (pages - 1) * 8);
        }
        expect(seen).toEqual(ids());
      });

      it('past the end: out_of_range and last_page true, no rows', async () => {
        const pages = Math.ceil(ids().length / 8);
        for (const p of [pages + 1, 1000]) {
          const res = await call(sb, `${path}?page=${p}`, { token });
          expect(res.status).toBe(200);
          expect(res.body.data.transactions).toEqual([]);
          expect(res.body.data.meta).toMatchObject({ current_page: p, total_pages: pages, last_page: true, out_of_range: true });
        }
      });

      it.each(['0', '-1', 'x', '1.5', ''])('page=%s is a 422', async (p) => {
        const res = await call(sb, `${path}?page=${p}`, { token });
        expect(res.status).toBe(422);
        expect(res.body.errors.page).toHaveLength(1);
      });
    });
  }

  it('a new order appears first', async () => {
    const res = await call(sb, 'users/2/buy', { token, body: { amount: '15.00', pair: 'xrpeur', idempotency_key: 'tx-first' } });
    const id = res.body.data.transaction_id as number;
    expect((await call(sb, 'users-transactions', { token })).body.data.transactions[0].id).toBe(id);
    expect((await call(sb, 'users/2/transactions', { token })).body.data.transactions[0]).toMatchObject({
      id,
      type: 'buy',
      total: 15,
      state: 'pending',
    });
  });

  it('a user without transactions has one empty page', async () => {
    const res = await call(sb, 'users/4/transactions', { token });
    expect(res.body.data).toEqual({
      transactions: [],
      meta: { current_page: 1, total_pages: 1, total_count: 0, per_page: 8, last_page: true, out_of_range: false },
    });
  });

  it.each(BASES)('shows one transaction under %s, with fiat_deposit fields as documented', async (base) => {
    const d = await dump(sb);
    const deposit = d.transactions.find((t) => t.type === 'fiat_deposit' && t.state === 'success')!;
    const res = await call(sb, `users/${deposit.user_id}/transactions/${deposit.id}`, { base, token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: deposit.id,
      user_id: deposit.user_id,
      type: 'fiat_deposit',
      pair: null,
      price: null,
      state: 'success',
      amount: Number(deposit.subtotal),
      subtotal: Number(deposit.subtotal),
      total: Number(deposit.total),
      fee: Number(deposit.fee),
    });
    expect(Number(deposit.total) - Number(deposit.fee)).toBeCloseTo(Number(deposit.subtotal), 6);
  });

  it('answers 404 for an unknown transaction or another user’s', async () => {
    const other = user1Ids[0]!;
    for (const path of ['users/1/transactions/999999', `users/2/transactions/${other}`, 'users/1/transactions/abc']) {
      const res = await call(sb, path, { token });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ status: false, message: 'Transaction not found.' });
    }
  });
});
