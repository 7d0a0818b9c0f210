// Order placement against the sandbox: every check refuses before anything is
// sent (the sandbox's transaction count does not move), and a placed order goes
// sending → accepted → success with events, audit and the transaction cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskInput } from '../../../shared/desk-api';
import type { DeskHarness } from './harness';
import { eventually, startDesk } from './harness';

const SANDBOX = 'local-sandbox';

// The sandbox's fixed roster (sandbox/seed.ts).
const ANA = 1; // verified, active, rich, 2 bank accounts
const LENA = 3; // KYC pending
const TOM = 4; // KYC not started, no funds
const SARA = 7; // verified but disabled
const PETRA = 10; // verified, active, no bank account

describe('orders', () => {
  let h: DeskHarness;
  let anaBank: number;
  beforeAll(async () => {
    h = await startDesk();
    anaBank = (await h.call('banks.list', { userId: ANA }))[0]!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  async function refusedWithoutSending(method: 'orders.place' | 'orders.withdraw', input: DeskInput<typeof method>) {
    const before = await h.transactionCount();
    const error = await h.fail(method, input as never);
    expect(await h.transactionCount()).toBe(before);
    return error;
  }

  it('refuses a user whose KYC is not verified (kyc_gate), sending nothing', async () => {
    const pending = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: LENA,
      side: 'buy',
      pair: 'btceur',
      amount: '20.00',
    });
    expect(pending.kind).toBe('kyc_gate');
    expect(pending.message).toMatch(/pending/);
    expect(
      (await refusedWithoutSending('orders.place', { profileId: SANDBOX, userId: TOM, side: 'buy', pair: 'btceur', amount: '20.00' })).kind,
    ).toBe('kyc_gate');
  });

  it('refuses a disabled user, sending nothing', async () => {
    const error = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: SARA,
      side: 'buy',
      pair: 'btceur',
      amount: '20.00',
    });
    expect(error).toMatchObject({ kind: 'user_inactive', message: expect.stringContaining('disabled') });
  });

  it('refuses a withdrawal of 9.99 EUR, sending nothing', async () => {
    const error = await refusedWithoutSending('orders.withdraw', {
      profileId: SANDBOX,
      userId: ANA,
      bankAccountId: anaBank,
      amount: '9.99',
    });
    expect(error).toMatchObject({ kind: 'validation', fieldErrors: { amount: [expect.stringContaining('10.00 EUR')] } });
  });

  it('refuses when the balance does not cover the order, sending nothing', async () => {
    const [eur] = await h.call('balances.user', { userId: PETRA });
    const tooMuch = (Number(eur!.balance) + 1).toFixed(2);
    const error = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: PETRA,
      side: 'buy',
      pair: 'btceur',
      amount: tooMuch,
      overrideLimit: true,
    });
    expect(error.kind).toBe('insufficient_funds');
    const sell = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: PETRA,
      side: 'sell',
      pair: 'btceur',
      amount: '1000',
    });
    expect(sell.kind).toBe('insufficient_funds');
  });

  it('refuses an unknown pair and an amount with too many places, sending nothing', async () => {
    const pair = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: ANA,
      side: 'buy',
      pair: 'dogeeur',
      amount: '20.00',
    });
    expect(pair).toMatchObject({ kind: 'validation', fieldErrors: { pair: [expect.stringContaining('btceur')] } });
    const places = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: ANA,
      side: 'buy',
      pair: 'btceur',
      amount: '20.001',
    });
    expect(places).toMatchObject({ kind: 'validation', fieldErrors: { amount: [expect.stringContaining('2 decimal places')] } });
    const sellPlaces = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: ANA,
      side: 'sell',
      pair: 'btceur',
      amount: '0.000000001',
    });
    expect(sellPlaces.fieldErrors?.amount?.[0]).toContain('8 decimal places');
    const bank = await refusedWithoutSending('orders.withdraw', {
      profileId: SANDBOX,
      userId: PETRA,
      bankAccountId: anaBank,
      amount: '20',
    });
    expect(bank.fieldErrors?.bankAccountId).toBeDefined();
  });

  it('refuses an order over the per-order limit until the operator overrides it', async () => {
    await h.call('settings.update', { perOrderLimitEur: '100.00' });
    try {
      const error = await refusedWithoutSending('orders.place', {
        profileId: SANDBOX,
        userId: ANA,
        side: 'buy',
        pair: 'btceur',
        amount: '100.01',
      });
      expect(error).toMatchObject({ kind: 'limit_exceeded', message: expect.stringContaining('100.00 EUR') });
      // A sell is valued at amount × price_sell: 0.01 BTC is far over 100 EUR.
      expect(
        (await refusedWithoutSending('orders.place', { profileId: SANDBOX, userId: ANA, side: 'sell', pair: 'btceur', amount: '0.01' }))
          .kind,
      ).toBe('limit_exceeded');
      const before = await h.transactionCount();
      const order = await h.call('orders.place', {
        profileId: SANDBOX,
        userId: ANA,
        side: 'buy',
        pair: 'btceur',
        amount: '100.01',
        overrideLimit: true,
      });
      expect(order).toMatchObject({ state: 'accepted', kind: 'buy', amount: '100.01' });
      expect(await h.transactionCount()).toBe(before + 1);
    } finally {
      await h.call('settings.update', { perOrderLimitEur: '10000.00' });
    }
  });

  it('places a buy: journal sending → accepted → success, with events, audit and the cache', async () => {
    const before = await h.state();
    const order = await h.call('orders.place', { profileId: SANDBOX, userId: ANA, side: 'buy', pair: 'etheur', amount: '25.00' });
    expect(order).toMatchObject({ state: 'accepted', userId: ANA, pair: 'etheur', error: null });
    expect(order.transactionId).toBeGreaterThan(0);
    const after = await h.state();
    expect(after.transactions.length).toBe(before.transactions.length + 1);
    const tx = after.transactions.find((t) => t.id === order.transactionId)!;
    expect(tx).toMatchObject({ type: 'buy', user_id: ANA, state: 'pending' });
    expect(tx.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);

    await h.advanceSandbox(10); // past the settle delay
    await eventually(() => h.eventsNamed('orders.updated').some((o) => o.id === order.id && o.state === 'success'));
    const states = h
      .eventsNamed('orders.updated')
      .filter((o) => o.id === order.id)
      .map((o) => o.state);
    expect(states).toEqual(['sending', 'accepted', 'success']);
    const [listed] = await h.call('orders.list', { userId: ANA, limit: 1 });
    expect(listed).toMatchObject({ id: order.id, state: 'success', transactionId: order.transactionId });
    const cached = await h.call('transactions.query', { filter: { userId: ANA, type: 'buy' }, limit: 5000, offset: 0 });
    expect(cached.rows.some((r) => r.id === order.transactionId)).toBe(true);
    const audit = await h.call('audit.query', { filter: { action: 'order.buy', outcome: 'ok' }, limit: 10, offset: 0 });
    expect(audit.rows[0]?.summary).toContain(`transaction ${order.transactionId}`);
  });

  it('places a sell and a withdrawal', async () => {
    const sell = await h.call('orders.place', { profileId: SANDBOX, userId: ANA, side: 'sell', pair: 'btceur', amount: '0.001' });
    expect(sell).toMatchObject({ state: 'accepted', kind: 'sell' });
    const withdraw = await h.call('orders.withdraw', { profileId: SANDBOX, userId: ANA, bankAccountId: anaBank, amount: '10.00' });
    expect(withdraw).toMatchObject({ state: 'accepted', kind: 'withdraw', bankAccountId: anaBank });
    const dump = await h.state();
    expect(dump.transactions.find((t) => t.id === withdraw.transactionId)).toMatchObject({ type: 'fiat_withdrawal' });
  });

  it('refuses an order the fee would eat before sending it, naming the smallest that works', async () => {
    // shared/fees.ts: a 0.01 EUR buy is all fee; Kriptomat would refuse it, so the desk does first.
    const [before] = await h.call('orders.list', { userId: ANA, limit: 1 });
    const error = await refusedWithoutSending('orders.place', {
      profileId: SANDBOX,
      userId: ANA,
      side: 'buy',
      pair: 'btceur',
      amount: '0.01',
    });
    expect(error).toMatchObject({
      kind: 'validation',
      fieldErrors: { amount: [expect.stringContaining('The smallest buy now is 0.02 EUR.')] },
    });
    // Not journaled: no failed order is listed for it.
    const [after] = await h.call('orders.list', { userId: ANA, limit: 1 });
    expect(after?.id).toBe(before?.id);
    const audit = await h.call('audit.query', { filter: { action: 'order.buy', outcome: 'error' }, limit: 1, offset: 0 });
    expect(audit.rows[0]?.summary).toMatch(/not sent: .*fee/);
  });

  it('marks an order Kriptomat refuses (4xx) as failed with the reason', async () => {
    // Passes the desk's checks, then the funds go before Kriptomat books it: a
    // pending deposit counted in the balance the desk read fails (and is reversed)
    // while the order's POST is on its way (every API request waits 1.5 s).
    const { transaction: deposit } = await h.sandbox<{ transaction: { id: number } }>('users/10/deposits', { amount: '1000.00' });
    const [eur] = await h.call('balances.user', { userId: PETRA });
    const amount = (Number(eur!.balance) - 100).toFixed(2); // more than is left once the deposit is gone
    const before = await h.transactionCount();
    const sendingBefore = h.eventsNamed('orders.updated').filter((o) => o.state === 'sending').length;
    await h.faults({ latency_ms: 1500 });
    try {
      const placing = h.fail('orders.place', {
        profileId: SANDBOX,
        userId: PETRA,
        side: 'buy',
        pair: 'btceur',
        amount,
        overrideLimit: true,
      });
      // The journal row is written before the POST leaves; the POST is handled 1.5 s later.
      await eventually(() => h.eventsNamed('orders.updated').filter((o) => o.state === 'sending').length > sendingBefore, 10_000);
      await h.sandbox(`transactions/${deposit.id}/fail`, {});
      const error = await placing;
      // Kriptomat's refusal, told in the words of the balance check (issue 10).
      expect(error).toMatchObject({ kind: 'insufficient_funds', fieldErrors: { amount: ['More than the available balance.'] } });
    } finally {
      await h.sandbox('faults', {});
    }
    expect(await h.transactionCount()).toBe(before);
    const [row] = await h.call('orders.list', { userId: PETRA, limit: 1 });
    expect(row).toMatchObject({
      state: 'failed',
      amount,
      transactionId: null,
      error: expect.stringMatching(/^User 10 has [\d.]+ EUR; this buy needs [\d.]+ EUR\.$/),
    });
    const audit = await h.call('audit.query', { filter: { action: 'order.buy', outcome: 'error' }, limit: 1, offset: 0 });
    expect(audit.rows[0]?.summary).toMatch(/refused: User 10 has [\d.]+ EUR; this buy needs/);
  });

  it('audits refused orders with their reason', async () => {
    const audit = await h.call('audit.query', { filter: { action: 'order.buy', outcome: 'error' }, limit: 50, offset: 0 });
    expect(audit.rows.some((r) => /not sent: .*pending/.test(r.summary))).toBe(true);
  });
});
