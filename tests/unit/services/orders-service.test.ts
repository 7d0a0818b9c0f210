import { describe, expect, it } from 'vitest';
import type { BuyRequest, Transaction } from '../../../shared/kriptomat';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { toDeskError } from '../../../main/errors';
import { classifyOrderError, createOrderService, MAX_RESEND_AGE_MS } from '../../../main/services/orders/orders';
import { fakeContext } from './fakes';

const dropped = () => new KriptomatError({ kind: 'network', endpoint: 'buy', message: 'Could not reach Kriptomat.', safeToRetry: true });

function tx(id: number, state: string): Transaction {
  return {
    id,
    user_id: 1,
    type: 'buy',
    amount: '0.001',
    pair: 'btceur',
    price: '50000',
    date: '2026-01-01T00:00:00.000',
    state,
    fee: '1',
    subtotal: '19',
    total: '20',
  };
}

/** An API where the user may trade and buys answer as `buy` says. */
function api(buy: (body: BuyRequest) => Promise<{ transaction_id: number }>, settle: string[] = ['pending', 'success']) {
  const states = [...settle];
  return {
    pairs: async () => ['btceur'],
    showUser: async () => ({
      email: 'a@b.c',
      name: 'A',
      surname: 'B',
      phone: '1',
      status: 'active',
      kyc_status: 'verified',
      date_of_birth: null,
      address: null,
      building_number: null,
      city: null,
      postal_code: null,
      country: null,
    }),
    userBalance: async (_u: number, code: string) => ({ balance: '1000', currency_code: code }),
    // The checks read the rate: a buy must leave something after the fee (shared/fees.ts).
    exchangeRate: async (pair: string) => ({
      pair,
      price: '50000',
      price_buy: '50050',
      price_sell: '49950',
      date: '2026-01-01T00:00:00.000',
      timestamp: 0,
    }),
    buy: (_u: number, body: BuyRequest) => buy(body),
    showTransaction: async (_u: number, id: number) => tx(id, states.length > 1 ? states.shift()! : states[0]!),
  };
}

const place = { profileId: 'local-sandbox', userId: 1, side: 'buy' as const, pair: 'btceur', amount: '20.00' };

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
    const [row] = await store.recentOrders('local-sandbox');
    expect(row).toMatchObject({ state: 'success', transactionId: 42 });
    const states = emitted.filter((e) => e.name === 'orders.updated').map((e) => (e.payload as { state: string }).state);
    expect(states).toEqual(['sending', 'accepted', 'success']);
    // Audited once when unanswered, once when the re-send got its answer.
    expect(store.audit.map((a) => a.outcome)).toEqual(['error', 'ok']);
    expect(store.audit[1]?.summary).toMatch(/^re-sent .* accepted as transaction 42/);
    expect(await store.countTransactions('local-sandbox')).toBe(1);
  });

  it('re-sends an unanswered order as soon as Kriptomat answers again, not after its back-off', async () => {
    let calls = 0;
    const { ctx, store, runtime } = fakeContext(
      api(async () => {
        if (++calls === 1) throw dropped();
        return { transaction_id: 43 };
      }),
      // A back-off far longer than the test may take: only Kriptomat's answer can end it.
      { orderResendBaseMs: 600_000, orderResendMaxMs: 600_000 },
    );
    const orders = createOrderService(ctx);
    expect(await orders.handlers['orders.place'](place)).toMatchObject({ state: 'sending' });
    expect(runtime.health.view().state).toBe('unreachable');
    // Kriptomat answers another call: the outage is over.
    await runtime.api.showUser(1);
    await runtime.idle();
    expect(calls).toBe(2);
    const [row] = await store.recentOrders('local-sandbox');
    expect(row).toMatchObject({ state: 'success', transactionId: 43 });
  });

  it('marks a refused order failed with the reason and rethrows it', async () => {
    const refusal = new KriptomatError({
      kind: 'validation',
      endpoint: 'buy',
      status: 422,
      message: 'Kriptomat rejected the request: too small.',
      fieldErrors: { amount: ['too small'] },
    });
    const { ctx, store } = fakeContext(api(async () => Promise.reject(refusal)));
    const orders = createOrderService(ctx);
    await expect(orders.handlers['orders.place'](place)).rejects.toBe(refusal);
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({
      state: 'failed',
      error: 'Kriptomat rejected the request: too small.',
    });
  });

  it('a refusal the journal cannot record (another desk took the row over) leaves the row for its holder and still answers the operator', async () => {
    const refusal = new KriptomatError({
      kind: 'validation',
      endpoint: 'buy',
      status: 422,
      message: 'Kriptomat rejected the request: too small.',
    });
    const { ctx, store } = fakeContext(api(async () => Promise.reject(refusal)));
    store.markOrderFailed = () => Promise.reject(new Error('order 1 is being sent by another desk'));
    const orders = createOrderService(ctx);
    await expect(orders.handlers['orders.place'](place)).rejects.toBe(refusal);
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'sending' });
  });

  it('records a failed settlement as failed, with the reason', async () => {
    const { ctx, store, runtime } = fakeContext(api(async () => ({ transaction_id: 9 }), ['pending', 'failed']));
    await createOrderService(ctx).handlers['orders.place'](place);
    await runtime.idle();
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({
      state: 'failed',
      transactionId: 9,
      error: expect.stringContaining('failed'),
    });
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
    await store.beginOrder({ ...base, idempotencyKey: 'key-sending-0001' });
    await store.beginOrder({ ...base, idempotencyKey: 'key-accepted-001' });
    await store.markOrderAccepted('key-accepted-001', 55);
    const orders = createOrderService(ctx);
    orders.resume(runtime);
    orders.resume(runtime); // a second sign-in meanwhile must not double the re-send
    await runtime.idle();
    expect(sent).toBe(1);
    expect((await store.recentOrders('local-sandbox')).map((r) => [r.idempotencyKey, r.state, r.transactionId])).toEqual([
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
    await store.beginOrder({
      profileId: 'local-sandbox',
      userId: 1,
      kind: 'buy',
      pair: 'btceur',
      amount: '20.00',
      bankAccountId: null,
      idempotencyKey: 'key-deferred-01',
    });
    session.setState('signed-out');
    orders.resume(runtime);
    await runtime.idle();
    expect(sent).toBe(0);
    expect(store.audit).toHaveLength(0);
    session.setState('active');
    orders.resume(runtime);
    await runtime.idle();
    expect(sent).toBe(1);
    expect(await store.pendingSends('local-sandbox')).toHaveLength(0);
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
    expect(await store.pendingSends('local-sandbox')).toHaveLength(1);
  });
});

// ── refusals that may hide a booked order ───────────────────────────────────

const replayRefusal = (kind: 'conflict' | 'validation' = 'conflict') =>
  new KriptomatError({
    kind,
    endpoint: 'buy',
    status: kind === 'conflict' ? 409 : 422,
    message: 'Kriptomat refused a repeat of this order.',
    safeToRetry: true,
    replay: true,
  });
const refusalOnFirstAttempt = (kind: 'conflict' | 'validation') =>
  new KriptomatError({
    kind,
    endpoint: 'buy',
    status: kind === 'conflict' ? 409 : 422,
    message: `Kriptomat refused the request (${kind}).`,
    safeToRetry: true,
  });

function recentTx(id: number, overrides: Partial<Transaction> = {}): Transaction {
  return { ...tx(id, 'pending'), date: new Date().toISOString().slice(0, 23), ...overrides };
}

const base = { profileId: 'local-sandbox', userId: 1, kind: 'buy' as const, pair: 'btceur', amount: '20.00', bankAccountId: null };

describe('order service: an order that may have gone through is never marked failed', () => {
  it('a 409 on a replay within the client leaves the row needs_review, not failed, and does not re-send it', async () => {
    let calls = 0;
    const { ctx, store, runtime } = fakeContext({
      ...api(async () => {
        calls++;
        throw replayRefusal();
      }),
      userTransactions: async () => ({ transactions: [] }),
    });
    const view = await createOrderService(ctx).handlers['orders.place'](place);
    await runtime.idle();
    expect(view).toMatchObject({ state: 'needs_review', error: expect.stringContaining('first attempt may have gone through') });
    expect(view.error).toContain("Check the user's transactions before placing it again");
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'needs_review', transactionId: null });
    expect(calls).toBe(1);
    expect(await store.pendingSends('local-sandbox')).toHaveLength(0);
    expect(await store.awaitingSettlement('local-sandbox')).toHaveLength(0);
  });

  it('a refusal of a background re-send (attempt 1 of a new client call) is a replay too', async () => {
    let calls = 0;
    const { ctx, store, runtime } = fakeContext({
      ...api(async () => {
        if (++calls === 1) throw dropped();
        throw refusalOnFirstAttempt('validation');
      }),
      userTransactions: async () => ({ transactions: [] }),
    });
    const view = await createOrderService(ctx).handlers['orders.place'](place);
    expect(view.state).toBe('sending');
    await runtime.idle();
    expect(calls).toBe(2);
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({
      state: 'needs_review',
      error: expect.stringContaining('may have gone through'),
    });
  });

  it('a refusal of a row re-sent from the journal (after a restart) is a replay too', async () => {
    const { ctx, store, runtime } = fakeContext({
      ...api(async () => Promise.reject(refusalOnFirstAttempt('conflict'))),
      userTransactions: async () => ({ transactions: [] }),
    });
    await store.beginOrder({ ...base, idempotencyKey: 'key-from-crash-1' });
    createOrderService(ctx).resume(runtime);
    await runtime.idle();
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'needs_review', idempotencyKey: 'key-from-crash-1' });
  });

  it('a sign-in refused inside the send (re-login after a 401) leaves the row sending for the next sign-in', async () => {
    // Attempt 1 dropped after the server booked it, attempt 2 got 401, and the
    // session's re-login was refused: the error the service sees is the login's.
    const loginRefused = new KriptomatError({
      kind: 'unauthenticated',
      endpoint: 'login',
      status: 401,
      message: 'Kriptomat did not accept the sign-in or the session: These credentials do not match our records.',
    });
    let calls = 0;
    const { ctx, store, runtime, session } = fakeContext(
      api(async () => {
        if (++calls === 1) {
          session.setState('error');
          throw loginRefused;
        }
        return { transaction_id: 31 };
      }),
    );
    const orders = createOrderService(ctx);
    const view = await orders.handlers['orders.place'](place);
    await runtime.idle();
    expect(view).toMatchObject({ state: 'sending', error: expect.stringContaining('after the next sign-in') });
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'sending', error: null });
    expect(calls).toBe(1);
    // A login refusal with field errors (a bad code) is no order refusal either.
    expect(classifyOrderError(new KriptomatError({ kind: 'validation', endpoint: 'login', status: 422, message: 'bad code' }), true)).toBe(
      'session',
    );

    session.setState('active');
    orders.resume(runtime);
    await runtime.idle();
    expect(calls).toBe(2);
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'success', transactionId: 31 });
  });

  it('only a refusal by the order endpoint of a send certainly first to reach Kriptomat is final', () => {
    expect(classifyOrderError(refusalOnFirstAttempt('validation'), true)).toBe('refused');
    expect(classifyOrderError(refusalOnFirstAttempt('conflict'), true)).toBe('refused');
    expect(classifyOrderError(refusalOnFirstAttempt('validation'), false)).toBe('review');
    expect(classifyOrderError(replayRefusal('validation'), true)).toBe('review');
    expect(classifyOrderError(new KriptomatError({ kind: 'unauthenticated', endpoint: 'buy', status: 401, message: 'x' }), true)).toBe(
      'session',
    );
    expect(classifyOrderError(new KriptomatError({ kind: 'network', endpoint: 'login', message: 'x' }), true)).toBe('unanswered');
    expect(classifyOrderError(dropped(), true)).toBe('unanswered');
  });

  it("a review finds the order among the user's transactions when exactly one unclaimed one matches, and follows it", async () => {
    const { ctx, store, runtime } = fakeContext({
      ...api(async () => Promise.reject(replayRefusal()), ['success']),
      userTransactions: async () => ({
        transactions: [
          recentTx(501, { total: '20.00', pair: 'etheur' }), // other pair
          recentTx(502, { total: '25.00' }), // other amount
          recentTx(503, { total: '20', date: '2020-01-01T00:00:00.000' }), // before the order
          recentTx(504, { total: '20.00', type: 'sell' }), // other kind
          recentTx(505, { total: '20' }), // the order
          recentTx(506, { total: '20.00' }), // claimed by another journal row
        ],
      }),
    });
    await store.beginOrder({ ...base, idempotencyKey: 'key-other-order' });
    await store.markOrderAccepted('key-other-order', 506);
    const view = await createOrderService(ctx).handlers['orders.place'](place);
    expect(view).toMatchObject({ state: 'accepted', transactionId: 505, error: null });
    await runtime.idle();
    const row = (await store.recentOrders('local-sandbox')).find((r) => r.transactionId === 505);
    expect(row?.state).toBe('success');
  });

  it('a review that finds two candidates leaves the row for the operator', async () => {
    const { ctx, store } = fakeContext({
      ...api(async () => Promise.reject(replayRefusal())),
      userTransactions: async () => ({ transactions: [recentTx(601, { total: '20.00' }), recentTx(602, { total: '20.00' })] }),
    });
    const view = await createOrderService(ctx).handlers['orders.place'](place);
    expect(view.state).toBe('needs_review');
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'needs_review', transactionId: null });
  });

  it('does not re-send a `sending` row older than 24 hours: it needs review', async () => {
    let sent = 0;
    const { ctx, store, runtime } = fakeContext({
      ...api(async () => {
        sent++;
        return { transaction_id: 8 };
      }),
      userTransactions: async () => ({ transactions: [] }),
    });
    await store.beginOrder({ ...base, idempotencyKey: 'key-old-sending' });
    store.orders.get('key-old-sending')!.createdAtMs = Date.now() - MAX_RESEND_AGE_MS - 60_000;
    createOrderService(ctx).resume(runtime);
    await runtime.idle();
    expect(sent).toBe(0);
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({
      state: 'needs_review',
      error: expect.stringContaining('24 hours'),
    });
  });
});

describe('order service: transaction states', () => {
  it('keeps polling a state it does not know until the transaction settles', async () => {
    const { ctx, store, runtime } = fakeContext(api(async () => ({ transaction_id: 12 }), ['processing', 'processing', 'success']));
    await createOrderService(ctx).handlers['orders.place'](place);
    await runtime.idle();
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'success', transactionId: 12 });
  });

  it('stops polling an unknown state after the polling time, keeps it as received and not final', async () => {
    const { ctx, store, runtime, emitted } = fakeContext(
      api(async () => ({ transaction_id: 13 }), ['on_hold']),
      { orderPollMaxMs: 60 },
    );
    await createOrderService(ctx).handlers['orders.place'](place);
    await runtime.idle();
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'on_hold', transactionId: 13 });
    // An unknown state is not final: the next sign-in watches the row again.
    expect((await store.awaitingSettlement('local-sandbox')).map((r) => r.state)).toEqual(['on_hold']);
    expect(emitted.filter((e) => e.name === 'orders.updated').map((e) => (e.payload as { state: string }).state)).toEqual([
      'sending',
      'accepted',
      'on_hold',
    ]);
  });

  it('treats synonyms of success and failure as final', async () => {
    for (const [state, expected] of [
      ['completed', { state: 'completed' }],
      ['Cancelled', { state: 'failed', error: expect.stringContaining('Cancelled') }],
      ['expired', { state: 'failed', error: expect.stringContaining('expired') }],
    ] as const) {
      const { ctx, store, runtime } = fakeContext(api(async () => ({ transaction_id: 14 }), [state]));
      await createOrderService(ctx).handlers['orders.place'](place);
      await runtime.idle();
      expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject(expected);
    }
  });
});

describe('order service: orders are bound to an environment', () => {
  it('refuses an order written for another environment before anything is written or sent', async () => {
    let sent = 0;
    const { ctx, store } = fakeContext(
      api(async () => {
        sent++;
        return { transaction_id: 1 };
      }),
    );
    const orders = createOrderService(ctx);
    const error = await orders.handlers['orders.place']({ ...place, profileId: 'staging' }).catch((e: unknown) => e);
    const desk = toDeskError(error);
    expect(desk.kind).toBe('invalid_input');
    expect(desk.fieldErrors?.profileId?.[0]).toMatch(
      /^This ticket was for Staging, but the desk is now on Local sandbox\. Check the ticket and place it again\.$/i,
    );
    const withdraw = await orders.handlers['orders.withdraw']({ profileId: 'staging', userId: 1, bankAccountId: 2, amount: '20.00' }).catch(
      (e: unknown) => e,
    );
    expect(toDeskError(withdraw).kind).toBe('invalid_input');
    expect(sent).toBe(0);
    expect(store.orders.size).toBe(0);
    expect(store.audit).toHaveLength(0);
  });
});
