// Buy, sell and withdraw: exact ledger arithmetic (checked through
// /__sandbox/state), settlement, failure reversal, idempotency and every refusal.
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { advance, BASES, call, dump, login, start, userIn, type DumpTx } from './helpers';

/** The documented fee: 1.5 % of the EUR side, half-up to the cent, at least 0.01. */
function fee(eur: Decimal.Value): Decimal {
  return Decimal.max('0.01', new Decimal(eur).times('0.015').toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
}

describe('orders and the ledger', () => {
  let sb: RunningSandbox;
  let token: string;
  let key = 0;
  const nextKey = (): string => `key-${++key}-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    sb = await start({ settleDelaySeconds: 5, tokenTtlSeconds: 86_400 });
    token = await login(sb);
  });
  afterAll(async () => {
    await sb.close();
  });

  async function txOf(id: number): Promise<DumpTx> {
    const tx = (await dump(sb)).transactions.find((t) => t.id === id);
    if (!tx) throw new Error(`transaction ${id} not in state`);
    return tx;
  }

  it.each(BASES)('buy under %s: debits total EUR, credits (total − fee) / price_buy crypto, fee to the master', async (base) => {
    const before = await dump(sb);
    const res = await call(sb, 'users/1/buy', { base, token, body: { amount: '250.00', pair: 'btceur', idempotency_key: nextKey() } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(true);
    const id = res.body.data.transaction_id as number;
    const after = await dump(sb);
    const tx = after.transactions.find((t) => t.id === id)!;
    expect(tx).toMatchObject({ user_id: 1, type: 'buy', pair: 'btceur', state: 'pending', total: '250.00' });
    expect(tx.fee).toBe(fee('250.00').toFixed(2)); // 3.75
    expect(tx.fee).toBe('3.75');
    expect(tx.subtotal).toBe('246.25');
    expect(tx.amount).toBe(new Decimal('246.25').dividedBy(tx.price!).toDecimalPlaces(8, Decimal.ROUND_DOWN).toFixed(8));
    const u0 = userIn(before, 1).balances;
    const u1 = userIn(after, 1).balances;
    expect(u1.eur).toBe(new Decimal(u0.eur!).minus('250.00').toFixed(2));
    expect(u1.btc).toBe(new Decimal(u0.btc!).plus(tx.amount).toFixed(8));
    expect(u1.eth).toBe(u0.eth);
    expect(after.partner.balances.eur).toBe(new Decimal(before.partner.balances.eur!).plus('3.75').toFixed(2));
    expect(after.partner.balances.btc).toBe(before.partner.balances.btc);
    // The API view of the same transaction carries JSON numbers.
    const shown = await call(sb, `users/1/transactions/${id}`, { base, token });
    expect(shown.body.data).toEqual({
      id,
      user_id: 1,
      type: 'buy',
      amount: Number(tx.amount),
      pair: 'btceur',
      price: Number(tx.price),
      date: shown.body.data.date,
      state: 'pending',
      fee: 3.75,
      subtotal: 246.25,
      total: 250,
    });
  });

  it('buy uses the current price_buy; sell the current price_sell', async () => {
    // Start early in a sandbox second so the quote cannot change between the calls.
    const now = (await call(sb, '/__sandbox/clock')).body.now_ms as number;
    await call(sb, '/__sandbox/clock', { body: { set_ms: Math.floor(now / 1000) * 1000 + 1050 } });
    const rate = (await call(sb, 'exchange-rates?pair=etheur', { token })).body.data;
    const buy = await call(sb, 'users/2/buy', { token, body: { amount: '100.00', pair: 'etheur', idempotency_key: nextKey() } });
    const sell = await call(sb, 'users/2/sell', { token, body: { amount: '0.01', pair: 'etheur', idempotency_key: nextKey() } });
    const [b, s] = [await txOf(buy.body.data.transaction_id), await txOf(sell.body.data.transaction_id)];
    expect([Number(b.price), Number(s.price)]).toEqual([rate.price_buy, rate.price_sell]);
  });

  it.each(BASES)('sell under %s: debits crypto, credits total − fee where total = amount × price_sell (cents down)', async (base) => {
    const before = userIn(await dump(sb), 1).balances;
    const res = await call(sb, 'users/1/sell', { base, token, body: { amount: '0.01234567', pair: 'btceur', idempotency_key: nextKey() } });
    expect(res.status).toBe(200);
    const tx = await txOf(res.body.data.transaction_id);
    const total = new Decimal('0.01234567').times(tx.price!).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    expect(tx).toMatchObject({ type: 'sell', amount: '0.01234567', pair: 'btceur', total: total.toFixed(2), fee: fee(total).toFixed(2) });
    expect(tx.subtotal).toBe(total.minus(fee(total)).toFixed(2));
    const after = userIn(await dump(sb), 1).balances;
    expect(after.btc).toBe(new Decimal(before.btc!).minus('0.01234567').toFixed(8));
    expect(after.eur).toBe(new Decimal(before.eur!).plus(tx.subtotal).toFixed(2));
  });

  it.each(BASES)('withdraw under %s: debits the amount (subtotal), pays out subtotal − fee', async (base) => {
    const before = await dump(sb);
    const res = await call(sb, 'users/1/withdraw', {
      base,
      token,
      body: { amount: '100.00', bank_account_id: 2, idempotency_key: nextKey() },
    });
    expect(res.status).toBe(200);
    const tx = await txOf(res.body.data.transaction_id);
    expect(tx).toMatchObject({
      type: 'fiat_withdrawal',
      amount: '100.00',
      subtotal: '100.00',
      fee: '1.50',
      total: '98.50',
      pair: null,
      price: null,
    });
    const after = await dump(sb);
    expect(userIn(after, 1).balances.eur).toBe(new Decimal(userIn(before, 1).balances.eur!).minus(100).toFixed(2));
    expect(after.partner.balances.eur).toBe(new Decimal(before.partner.balances.eur!).plus('1.50').toFixed(2));
  });

  it('the minimum fee is 0.01 EUR and a buy too small to cover it is refused', async () => {
    const res = await call(sb, 'users/1/buy', { token, body: { amount: '0.50', pair: 'xrpeur', idempotency_key: nextKey() } });
    expect(res.status).toBe(200);
    const tx = await txOf(res.body.data.transaction_id);
    expect(tx.fee).toBe('0.01');
    expect(tx.subtotal).toBe('0.49');
    const tiny = await call(sb, 'users/1/buy', { token, body: { amount: '0.01', pair: 'btceur', idempotency_key: nextKey() } });
    expect(tiny.status).toBe(422);
    expect(tiny.body.errors.amount).toEqual(['The amount is too small to cover the fee.']);
  });

  it('settles pending → success after the settle delay of sandbox time', async () => {
    const res = await call(sb, 'users/9/buy', { token, body: { amount: '20.00', pair: 'etheur', idempotency_key: nextKey() } });
    const id = res.body.data.transaction_id as number;
    expect((await call(sb, `users/9/transactions/${id}`, { token })).body.data.state).toBe('pending');
    await advance(sb, 4);
    expect((await txOf(id)).state).toBe('pending');
    await advance(sb, 2);
    expect((await call(sb, `users/9/transactions/${id}`, { token })).body.data.state).toBe('success');
    expect((await txOf(id)).state).toBe('success');
  });

  it('a failed transaction gives the funds back exactly (control endpoint)', async () => {
    const before = await dump(sb);
    const res = await call(sb, 'users/2/buy', { token, body: { amount: '75.55', pair: 'xrpeur', idempotency_key: nextKey() } });
    const id = res.body.data.transaction_id as number;
    const failed = await call(sb, `/__sandbox/transactions/${id}/fail`, { method: 'POST' });
    expect(failed.status).toBe(200);
    expect(failed.body.transaction.state).toBe('failed');
    const after = await dump(sb);
    expect(userIn(after, 2).balances).toEqual(userIn(before, 2).balances);
    expect(after.partner.balances).toEqual(before.partner.balances);
    expect((await call(sb, `users/2/transactions/${id}`, { token })).body.data.state).toBe('failed');
    // Only pending transactions can fail.
    expect((await call(sb, `/__sandbox/transactions/${id}/fail`, { method: 'POST' })).status).toBe(409);
  });

  describe('idempotency', () => {
    it.each([
      ['buy', { amount: '12.34', pair: 'btceur' }],
      ['sell', { amount: '0.001', pair: 'etheur' }],
      ['withdraw', { amount: '11.00', bank_account_id: 1 }],
    ] as const)('%s: the same key and body answers the first result and creates nothing', async (action, fields) => {
      const body = { ...fields, idempotency_key: nextKey() };
      const first = await call(sb, `users/1/${action}`, { token, body });
      expect(first.status).toBe(200);
      const before = await dump(sb);
      // Key order does not matter; the other base path shares the key space.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await call(sb, `users/1/${action}`, { base: '/api/v1/partners', token, body: reordered });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const after = await dump(sb);
      expect(after.transactions).toHaveLength(before.transactions.length);
      expect(userIn(after, 1).balances).toEqual(userIn(before, 1).balances);
    });

    it('the same key with another body (or another user or action) is a 409 and books nothing', async () => {
      const k = nextKey();
      expect((await call(sb, 'users/1/buy', { token, body: { amount: '10.00', pair: 'btceur', idempotency_key: k } })).status).toBe(200);
      const count = (await dump(sb)).transactions.length;
      for (const [path, body] of [
        ['users/1/buy', { amount: '10.01', pair: 'btceur', idempotency_key: k }],
        ['users/2/buy', { amount: '10.00', pair: 'btceur', idempotency_key: k }],
        ['users/1/sell', { amount: '10.00', pair: 'btceur', idempotency_key: k }],
      ] as const) {
        const res = await call(sb, path, { token, body });
        expect(res.status).toBe(409);
        expect(res.body.status).toBe(false);
        expect(typeof res.body.message).toBe('string');
      }
      expect((await dump(sb)).transactions).toHaveLength(count);
    });

    it('fields the endpoint does not read are not part of the request: the same key replays', async () => {
      const body = { amount: '10.00', pair: 'btceur', idempotency_key: nextKey() };
      const first = await call(sb, 'users/1/buy', { token, body: { ...body, note: 'first' } });
      expect(first.status).toBe(200);
      const count = (await dump(sb)).transactions.length;
      const again = await call(sb, 'users/1/buy', { token, body: { ...body, note: { other: [1, 2] } } });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect((await dump(sb)).transactions).toHaveLength(count);
    });

    it('a withdrawal replays after its bank account is deleted (state checks come after the key)', async () => {
      const added = await call(sb, 'users/1/bank-accounts', { token, body: { iban: 'NL91ABNA0417164300' } });
      expect(added.status).toBe(200);
      const bank = added.body.data.id as number;
      const body = { amount: '10.00', bank_account_id: bank, idempotency_key: nextKey() };
      const first = await call(sb, 'users/1/withdraw', { token, body });
      expect(first.status).toBe(200);
      expect((await call(sb, `users/1/bank-accounts/${bank}`, { method: 'DELETE', token })).status).toBe(200);
      const again = await call(sb, 'users/1/withdraw', { token, body });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      // A new key to the deleted account is refused on the field.
      const fresh = await call(sb, 'users/1/withdraw', { token, body: { ...body, idempotency_key: nextKey() } });
      expect(fresh.status).toBe(422);
      expect(fresh.body.errors.bank_account_id).toEqual(['The selected bank account id is invalid.']);
    });

    it('a refused request does not store its key', async () => {
      const k = nextKey();
      const refused = await call(sb, 'users/1/buy', { token, body: { amount: '99999999.00', pair: 'btceur', idempotency_key: k } });
      expect(refused.status).toBe(422);
      expect(refused.body.errors.amount).toEqual(['Insufficient EUR balance.']);
      const ok = await call(sb, 'users/1/buy', { token, body: { amount: '10.00', pair: 'btceur', idempotency_key: k } });
      expect(ok.status).toBe(200);
    });
  });

  describe('deeply nested bodies (a recursive fingerprint overflowed the stack: 500)', () => {
    /** `[[[…]]]` 20 000 levels deep: about 40 KB, under the body limit. */
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const orders = [
      ['buy', '"pair":"btceur"'],
      ['sell', '"pair":"btceur"'],
      ['withdraw', '"bank_account_id":1'],
    ] as const;

    it.each(orders)('%s: a nested amount is a 422 on amount, nothing booked', async (action, other) => {
      const count = (await dump(sb)).transactions.length;
      const raw = `{"amount":${deep},${other},"idempotency_key":"${nextKey()}"}`;
      const res = await call(sb, `users/1/${action}`, { token, raw, contentType: 'application/json' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ amount: ['The amount must be a decimal string.'] });
      expect((await dump(sb)).transactions).toHaveLength(count);
    });

    it.each(orders)('%s: a nested amount with an already used key is a 422 too', async (action, other) => {
      const k = nextKey();
      const valid = action === 'buy' ? '"10.00"' : action === 'sell' ? '"0.0001"' : '"10.00"';
      const booked = await call(sb, `users/1/${action}`, {
        token,
        raw: `{"amount":${valid},${other},"idempotency_key":"${k}"}`,
        contentType: 'application/json',
      });
      expect(booked.status).toBe(200);
      const res = await call(sb, `users/1/${action}`, {
        token,
        raw: `{"amount":${deep},${other},"idempotency_key":"${k}"}`,
        contentType: 'application/json',
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ amount: ['The amount must be a decimal string.'] });
    });

    it.each(orders)('%s: a nested field the endpoint does not read is ignored', async (action, other) => {
      const amount = action === 'sell' ? '"0.0001"' : '"10.00"';
      const res = await call(sb, `users/1/${action}`, {
        token,
        raw: `{"amount":${amount},${other},"extra":${deep},"idempotency_key":"${nextKey()}"}`,
        contentType: 'application/json',
      });
      expect(res.status).toBe(200);
      expect(res.body.data.transaction_id).toEqual(expect.any(Number));
    });
  });

  describe('refusals (422 Laravel-style, nothing booked)', () => {
    let count = 0;
    beforeAll(async () => {
      count = (await dump(sb)).transactions.length;
    });
    afterAll(async () => {
      expect((await dump(sb)).transactions).toHaveLength(count);
    });

    it.each([
      ['buy', { amount: 250, pair: 'btceur' }, 'amount', 'The amount must be a decimal string.'],
      ['buy', { amount: '250.001', pair: 'btceur' }, 'amount', 'The amount can have at most 2 decimal places.'],
      ['buy', { amount: '-5.00', pair: 'btceur' }, 'amount', 'The amount must be more than zero.'],
      ['buy', { amount: '0.00', pair: 'btceur' }, 'amount', 'The amount must be more than zero.'],
      ['buy', { amount: '1e3', pair: 'btceur' }, 'amount', 'The amount must be a plain decimal number such as 250.00.'],
      ['buy', { pair: 'btceur' }, 'amount', 'The amount field is required.'],
      ['buy', { amount: '10.00', pair: 'dogeeur' }, 'pair', 'The selected pair is invalid.'],
      ['buy', { amount: '10.00' }, 'pair', 'The pair field is required.'],
      ['sell', { amount: '0.000000001', pair: 'btceur' }, 'amount', 'The amount can have at most 8 decimal places.'],
      ['sell', { amount: 0.001, pair: 'btceur' }, 'amount', 'The amount must be a decimal string.'],
      ['sell', { amount: '1000', pair: 'btceur' }, 'amount', 'Insufficient BTC balance.'],
      ['withdraw', { amount: '9.99', bank_account_id: 1 }, 'amount', 'The amount must be at least 10.00 EUR.'],
      ['withdraw', { amount: '10.00', bank_account_id: 3 }, 'bank_account_id', 'The selected bank account id is invalid.'],
      ['withdraw', { amount: '10.00', bank_account_id: 999 }, 'bank_account_id', 'The selected bank account id is invalid.'],
      ['withdraw', { amount: '10.00' }, 'bank_account_id', 'The bank account id field is required.'],
      ['withdraw', { amount: '9999999.00', bank_account_id: 1 }, 'amount', 'Insufficient EUR balance.'],
    ] as const)('%s %j → %s', async (action, fields, field, message) => {
      const res = await call(sb, `users/1/${action}`, { token, body: { ...fields, idempotency_key: nextKey() } });
      expect(res.status).toBe(422);
      expect(res.body.errors[field]).toEqual([message]);
      expect(res.body.message).toBe(message);
    });

    it('requires an idempotency key', async () => {
      const res = await call(sb, 'users/1/buy', { token, body: { amount: '10.00', pair: 'btceur' } });
      expect(res.status).toBe(422);
      expect(res.body.errors.idempotency_key).toEqual(['The idempotency key field is required.']);
    });

    it.each([
      [3, /KYC is pending/],
      [4, /KYC is not_started/],
      [5, /KYC is failed/],
      [6, /KYC is declined/],
      [7, /user is disabled/],
      [8, /user is deleted/],
    ])('user %i cannot buy, sell or withdraw (%s)', async (id, pattern) => {
      const bank = userIn(await dump(sb), id).bank_accounts[0]?.id ?? 1;
      for (const [action, fields] of [
        ['buy', { amount: '10.00', pair: 'btceur' }],
        ['sell', { amount: '0.001', pair: 'btceur' }],
        ['withdraw', { amount: '10.00', bank_account_id: bank }],
      ] as const) {
        const res = await call(sb, `users/${id}/${action}`, { token, body: { ...fields, idempotency_key: nextKey() } });
        if (action === 'withdraw' && bank === 1) {
          // Users without an account fail on bank_account_id first; the user rule is checked after fields.
          expect(res.status).toBe(422);
          continue;
        }
        expect(res.status, `${action} user ${id}`).toBe(422);
        expect(res.body.errors.user[0]).toMatch(pattern);
      }
    });
  });
});
