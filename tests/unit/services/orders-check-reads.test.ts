// An order of a user the ticket shows costs one round trip: the checks use what
// main last read (users.open, balances.user) while it is fresh, read whatever is
// stale in parallel, and Kriptomat's refusal of the POST reads exactly like the
// check that would have stopped the order.
import { describe, expect, it } from 'vitest';
import type { BuyRequest } from '../../../shared/kriptomat';
import { DeskFailure, toDeskError } from '../../../main/errors';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { createBalanceHandlers } from '../../../main/services/users/balances';
import { createOrderService } from '../../../main/services/orders/orders';
import { checkOrder } from '../../../main/services/orders/checks';
import { orderCheckReads } from '../../../main/services/orders/check-reads';
import { ReadCache } from '../../../main/services/runtime/read-cache';
import { createUserHandlers } from '../../../main/services/users/users';
import { fakeContext } from './fakes';

describe('ReadCache', () => {
  it('answers a read while it is at most maxAge old, stamped with when it was sent', () => {
    const reads = new ReadCache();
    reads.noteUser(1, { status: 'active', kyc_status: 'verified' }, 1_000);
    expect(reads.user(1, 16_000, 15_000)).toEqual({ status: 'active', kyc_status: 'verified' });
    expect(reads.user(1, 16_001, 15_000)).toBeUndefined();
    expect(reads.user(2, 1_000, 15_000)).toBeUndefined();
  });

  it('keeps the read sent last, whichever answer comes back last', () => {
    const reads = new ReadCache();
    reads.noteBalance(1, 'EUR', '50', 2_000);
    reads.noteBalance(1, 'eur', '70', 1_000); // sent earlier, answered later
    expect(reads.balance(1, 'eur', 2_000, 15_000)).toBe('50');
  });

  it("takes a booked order off the debited balance (keeping the read's time) and forgets the credited one", () => {
    const reads = new ReadCache();
    reads.noteBalance(1, 'eur', '100.00', 1_000);
    reads.noteBalance(1, 'btc', '0.5', 1_000);
    reads.booked(1, { currency: 'eur', amount: '20.00' }, 'btc', 5_000);
    expect(reads.balance(1, 'eur', 16_000, 15_000)).toBe('80');
    expect(reads.balance(1, 'eur', 16_001, 15_000)).toBeUndefined();
    expect(reads.balance(1, 'btc', 5_000, 15_000)).toBeUndefined();
    // A read sent before the order may or may not include it: not kept.
    reads.noteBalance(1, 'eur', '100.00', 4_000);
    expect(reads.balance(1, 'eur', 5_000, 15_000)).toBe('80');
    reads.noteBalance(1, 'eur', '80.00', 6_000);
    expect(reads.balance(1, 'eur', 6_000, 15_000)).toBe('80.00');
    // More than was kept: the kept figure is wrong, so it goes.
    reads.booked(1, { currency: 'eur', amount: '90' }, null, 7_000);
    expect(reads.balance(1, 'eur', 7_000, 15_000)).toBeUndefined();
  });

  it('keeps no balance read while an order of the user is on its way: it may or may not include it', () => {
    const reads = new ReadCache();
    reads.noteBalance(1, 'eur', '100', 1_000);
    const done = reads.orderSending(1);
    reads.noteBalance(1, 'eur', '80', 2_000); // answered while the order is out
    reads.noteBalance(2, 'eur', '5', 2_000); // another user is not concerned
    expect(reads.balance(1, 'eur', 2_000, 15_000)).toBe('100');
    expect(reads.balance(2, 'eur', 2_000, 15_000)).toBe('5');
    reads.booked(1, { currency: 'eur', amount: '20' }, null, 3_000);
    done();
    done(); // once is enough
    expect(reads.balance(1, 'eur', 3_000, 15_000)).toBe('80');
    reads.noteBalance(1, 'eur', '81', 2_500); // sent while the order was out, answered after
    expect(reads.balance(1, 'eur', 3_000, 15_000)).toBe('80');
    reads.noteBalance(1, 'eur', '82', 3_500);
    expect(reads.balance(1, 'eur', 3_500, 15_000)).toBe('82');
  });

  it('forgets a user (status, balances, bank accounts) and only that user', () => {
    const reads = new ReadCache();
    for (const id of [1, 2]) {
      reads.noteUser(id, { status: 'active', kyc_status: 'verified' }, 0);
      reads.noteBalance(id, 'eur', '1', 0);
      reads.noteBankAccounts(id, [id], 0);
    }
    reads.forgetUser(1, 1);
    expect([reads.user(1, 1, 10), reads.balance(1, 'eur', 1, 10), reads.bankAccountIds(1, 1, 10)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect([reads.user(2, 1, 10), reads.balance(2, 'eur', 1, 10), reads.bankAccountIds(2, 1, 10)]).toEqual([
      { status: 'active', kyc_status: 'verified' },
      '1',
      [2],
    ]);
  });
});

// ── the order service with a counting fake API ─────────────────────────────

const activeUser = {
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
};

interface Script {
  user?: Partial<typeof activeUser>;
  eur?: string;
  buy?: (body: BuyRequest) => Promise<{ transaction_id: number }>;
  delayMs?: number;
}

/** A fake API whose user and EUR balance can change between reads, and which logs every call. */
function countingApi(script: Script) {
  const calls: string[] = [];
  const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const api = {
    pairs: async () => ['btceur'],
    currencies: async () => [{ code: 'btc', name: 'Bitcoin' }],
    exchangeRate: async () => ({
      pair: 'btceur',
      price: '50000',
      price_buy: '50010',
      price_sell: '49990',
      date: '2026-01-01T00:00:00',
      timestamp: Date.now(),
    }),
    showUser: async () => {
      calls.push('start user');
      await later(script.delayMs ?? 0);
      calls.push('end user');
      return { ...activeUser, ...script.user };
    },
    userBalance: async (_u: number, code: string) => {
      calls.push(`start balance ${code}`);
      await later(script.delayMs ?? 0);
      calls.push(`end balance ${code}`);
      return { balance: code === 'eur' ? (script.eur ?? '1000') : '0', currency_code: code };
    },
    buy: (_u: number, body: BuyRequest) => {
      calls.push(`buy ${body.amount}`);
      return script.buy ? script.buy(body) : Promise.resolve({ transaction_id: 77 });
    },
    showTransaction: async (_u: number, id: number) => ({
      id,
      user_id: 1,
      type: 'buy',
      amount: '0.001',
      pair: 'btceur',
      price: '50000',
      date: '2026-01-01T00:00:00.000',
      state: 'pending',
      fee: '1',
      subtotal: '19',
      total: '20',
    }),
  };
  return { api, calls };
}

const order = { profileId: 'local-sandbox', userId: 1, side: 'buy' as const, pair: 'btceur', amount: '20.00' };

/** What the ticket asks main for when it shows user 1. */
async function ticketShowsUser(ctx: ReturnType<typeof fakeContext>['ctx']): Promise<void> {
  await createUserHandlers(ctx)['users.open']({ userId: 1 });
  await createBalanceHandlers(ctx)['balances.user']({ userId: 1 });
}

describe('order checks on what the ticket shows', () => {
  it('places an order for a user the ticket shows with the POST alone', async () => {
    const { api, calls } = countingApi({});
    const { ctx, runtime } = fakeContext(api, { orderPollIntervalMs: 60_000 });
    await ticketShowsUser(ctx);
    calls.length = 0;
    const view = await createOrderService(ctx).handlers['orders.place'](order);
    expect(view.state).toBe('accepted');
    expect(calls).toEqual(['buy 20.00']);
    await runtime.stop();
  });

  it('reads what is stale again, the user and the balance in parallel', async () => {
    const { api, calls } = countingApi({ delayMs: 20 });
    const { ctx, runtime } = fakeContext(api, { orderReadFreshMs: -1, orderPollIntervalMs: 60_000 });
    await ticketShowsUser(ctx);
    calls.length = 0;
    await createOrderService(ctx).handlers['orders.place'](order);
    expect(calls.slice(0, 2).sort()).toEqual(['start balance eur', 'start user']);
    expect(calls.at(-1)).toBe('buy 20.00');
    await runtime.stop();
  });

  it("counts the desk's own booked order against the kept balance: the next order is refused before sending", async () => {
    const { api, calls } = countingApi({ eur: '30.00' });
    const { ctx, runtime } = fakeContext(api, { orderPollIntervalMs: 60_000 });
    await ticketShowsUser(ctx);
    const orders = createOrderService(ctx);
    await orders.handlers['orders.place'](order);
    calls.length = 0;
    const error = await orders.handlers['orders.place'](order).catch((e: unknown) => e);
    expect(toDeskError(error)).toMatchObject({ kind: 'insufficient_funds', message: 'User 1 has 10 EUR; this buy needs 20 EUR.' });
    expect(calls).toEqual([]);
    await runtime.stop();
  });
});

describe('Kriptomat refusing an order the kept reads let through', () => {
  const refusal = (field: string, message: string) =>
    new KriptomatError({
      kind: 'validation',
      endpoint: 'buy',
      status: 422,
      message: `Kriptomat rejected the request: ${message}`,
      fieldErrors: { [field]: [message] },
    });

  /** The message the check gives for the same order on the reads Kriptomat holds now. */
  async function precheckMessage(script: Script): Promise<{ kind: string; message: string }> {
    const { api } = countingApi(script);
    const { ctx } = fakeContext(api);
    const failure = await checkOrder(
      { kind: 'buy', userId: 1, pair: 'btceur', amount: '20.00', bankAccountId: null, overrideLimit: false },
      orderCheckReads(ctx, ctx.runtime()),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeskFailure);
    const { kind, message } = (failure as DeskFailure).deskError;
    return { kind, message };
  }

  it.each([
    ['insufficient funds', { eur: '5.00' }, 'amount', 'Insufficient EUR balance.', 'insufficient_funds'],
    [
      'KYC',
      { user: { kyc_status: 'pending' } },
      'user',
      "The user's KYC is pending; only verified users can trade and withdraw.",
      'kyc_gate',
    ],
    ['an inactive user', { user: { status: 'disabled' } }, 'user', 'The user is disabled.', 'user_inactive'],
  ] as const)('%s: failed with the words the check would have used', async (_name, now, field, apiMessage, kind) => {
    const script: Script = {};
    const { api, calls } = countingApi(script);
    const { ctx, store, runtime } = fakeContext(api, { orderPollIntervalMs: 60_000 });
    await ticketShowsUser(ctx);
    // Kriptomat's view changes after the ticket read it; the order goes out on the kept reads.
    Object.assign(script, now, { buy: () => Promise.reject(refusal(field, apiMessage)) });
    calls.length = 0;
    const error = await createOrderService(ctx)
      .handlers['orders.place'](order)
      .catch((e: unknown) => e);
    const expected = await precheckMessage(now);
    expect(expected.kind).toBe(kind);
    expect(toDeskError(error)).toMatchObject(expected);
    expect(calls[0]).toBe('buy 20.00');
    const [row] = await store.recentOrders('local-sandbox');
    expect(row).toMatchObject({ state: 'failed', error: expected.message });
    expect(store.audit.at(-1)?.summary).toContain(`refused: ${expected.message}`);
    // The refusal also corrected what is kept: the same order now stops before sending.
    calls.length = 0;
    const again = await createOrderService(ctx)
      .handlers['orders.place'](order)
      .catch((e: unknown) => e);
    expect(toDeskError(again)).toMatchObject(expected);
    expect(calls.filter((c) => c.startsWith('buy'))).toEqual([]);
    await runtime.stop();
  });

  it("keeps Kriptomat's own words when fresh reads explain nothing", async () => {
    const tooSmall = refusal('amount', 'The amount is too small to cover the fee.');
    const { api } = countingApi({ buy: () => Promise.reject(tooSmall) });
    const { ctx, store } = fakeContext(api);
    await expect(createOrderService(ctx).handlers['orders.place'](order)).rejects.toBe(tooSmall);
    expect((await store.recentOrders('local-sandbox'))[0]).toMatchObject({ state: 'failed', error: tooSmall.message });
  });
});
