import { describe, expect, it } from 'vitest';
import type { BuyRequest, Transaction } from '../../../shared/kriptomat';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { createOrderService } from '../../../main/services/orders';
import { fakeContext } from './fakes';

const dropped = () => new KriptomatError({ kind: 'network', endpoint: 'buy', message: 'Could not reach Kriptomat.', safeToRetry: true });

function tx(id: number, state: string): Transaction {
  return { id, user_id: 1, type: 'buy', amount: '0.001', pair: 'btceur', price: '50000', date: '2026-01-01T00:00:00.000', state, fee: '1', subtotal: '19', total: '20' };
}

/** An API where the user may trade and buys answer as `buy` says. */
function api(buy: (body: BuyRequest) => Promise<{ transaction_id: number }>, settle: string[] = ['pending', 'success']) {
  const states = [...settle];
  return {
    pairs: async () => ['btceur'],
    showUser: async () => ({ email: 'a@b.c', name: 'A', surname: 'B', phone: '1', status: 'active', kyc_status: 'verified', date_of_birth: null, address: null, building_number: null, city: null, postal_code: null, country: null }),
    userBalance: async (_u: number, code: string) => ({ balance: '1000', currency_code: code }),
    buy: (_u: number, body: BuyRequest) => buy(body),
    showTransaction: async (_u: number, id: number) => tx(id, states.length > 1 ? states.shift()! : states[0]!),
  };
}

const place = { userId: 1, side: 'buy' as const, pair: 'btceur', amount: '20.00' };

describe('order service', () => {
  it('keeps an unanswered order sending and re-sends it with the same key until accepted, then polls it to its final state', async () => {
    const keys: string[] = [];
    let calls = 0;
    const { ctx, store, emitted, runtime } = fakeContext(
      api(async (body) => {
        keys.push(body.idempotency_key);
        if (++calls <= 3) throw dropped();
        return { transaction_id: 42 };
      }),
    );
    const orders = createOrderService(ctx);
    const view = await orders.handlers['orders.place'](place);
    expect(view).toMatchObject({ state: 'sending', error: expect.stringContaining('same idempotency key') });
    await runtime.idle();
    expect(new Set(keys).size).toBe(1);
    expect(calls).toBe(4);
    const [row] = store.recentOrders('local-sandbox');
    expect(row).toMatchObject({ state: 'success', transactionId: 42 });
    const states = emitted.filter((e) => e.name === 'orders.updated').map((e) => (e.payload as { state: string }).state);
    expect(states).toEqual(['sending', 'accepted', 'success']);
    // Audited once when unanswered, once when the re-send got its answer.
    expect(store.audit.map((a) => a.outcome)).toEqual(['error', 'ok']);
    expect(store.audit[1]?.summary).toMatch(/^re-sent .* accepted as transaction 42/);
    expect(store.countTransactions('local-sandbox')).toBe(1);
  });

  it('marks a refused order failed with the reason and rethrows it', async () => {
    const refusal = new KriptomatError({ kind: 'validation', endpoint: 'buy', status: 422, message: 'Kriptomat rejected the request: too small.', fieldErrors: { amount: ['too small'] } });
    const { ctx, store } = fakeContext(api(async () => Promise.reject(refusal)));
    const orders = createOrderService(ctx);
    await expect(orders.handlers['orders.place'](place)).rejects.toBe(refusal);
    expect(store.recentOrders('local-sandbox')[0]).toMatchObject({ state: 'failed', error: 'Kriptomat rejected the request: too small.' });
  });

  it('records a failed settlement as failed, with the reason', async () => {
    const { ctx, store, runtime } = fakeContext(api(async () => ({ transaction_id: 9 }), ['pending', 'failed']));
    await createOrderService(ctx).handlers['orders.place'](place);
    await runtime.idle();
    expect(store.recentOrders('local-sandbox')[0]).toMatchObject({ state: 'failed', transactionId: 9, error: expect.stringContaining('failed') });
  });

  it('resumes journal rows after a sign-in: re-sends `sending` ones once, polls `accepted` ones', async () => {
    let sent = 0;
    const { ctx, store, runtime } = fakeContext(
      api(async () => {
        sent++;
        await new Promise((r) => setTimeout(r, 20));
        return { transaction_id: 100 };
      }),
    );
    const base = { profileId: 'local-sandbox', userId: 1, kind: 'buy' as const, pair: 'btceur', amount: '20.00', bankAccountId: null };
    store.beginOrder({ ...base, idempotencyKey: 'key-sending-0001' });
    store.beginOrder({ ...base, idempotencyKey: 'key-accepted-001' });
    store.markOrderAccepted('key-accepted-001', 55);
    const orders = createOrderService(ctx);
    orders.resume(runtime);
    orders.resume(runtime); // a second sign-in meanwhile must not double the re-send
    await runtime.idle();
    expect(sent).toBe(1);
    expect(store.recentOrders('local-sandbox').map((r) => [r.idempotencyKey, r.state, r.transactionId])).toEqual([
      ['key-accepted-001', 'success', 55],
      ['key-sending-0001', 'success', 100],
    ]);
  });

  it('defers a row while the profile is signed out and sends it after the next sign-in', async () => {
    let sent = 0;
    const { ctx, store, runtime, session } = fakeContext(
      api(async () => {
        sent++;
        return { transaction_id: 7 };
      }),
    );
    const orders = createOrderService(ctx);
    store.beginOrder({ profileId: 'local-sandbox', userId: 1, kind: 'buy', pair: 'btceur', amount: '20.00', bankAccountId: null, idempotencyKey: 'key-deferred-01' });
    session.setState('signed-out');
    orders.resume(runtime);
    await runtime.idle();
    expect(sent).toBe(0);
    expect(store.audit).toHaveLength(0);
    session.setState('active');
    orders.resume(runtime);
    await runtime.idle();
    expect(sent).toBe(1);
    expect(store.pendingSends('local-sandbox')).toHaveLength(0);
  });

  it('stops re-sending when the runtime stops (profile switch, quit) and leaves the row for the next start', async () => {
    let sent = 0;
    const { ctx, store, runtime } = fakeContext(
      api(async () => {
        sent++;
        throw dropped();
      }),
      { orderResendBaseMs: 50, orderResendMaxMs: 50 },
    );
    await createOrderService(ctx).handlers['orders.place'](place);
    await new Promise((r) => setTimeout(r, 120));
    await runtime.stop();
    const after = sent;
    await new Promise((r) => setTimeout(r, 120));
    expect(sent).toBe(after);
    expect(store.pendingSends('local-sandbox')).toHaveLength(1);
  });
});
