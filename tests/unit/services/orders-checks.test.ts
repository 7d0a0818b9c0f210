import { describe, expect, it, vi } from 'vitest';
import { DeskFailure } from '../../../main/errors';
import { checkOrder, type OrderCheckReads, type OrderRequest } from '../../../main/services/orders/checks';

function reads(overrides: Partial<OrderCheckReads> = {}): OrderCheckReads {
  return {
    pairs: vi.fn(async () => ['btceur', 'etheur']),
    user: vi.fn(async () => ({ status: 'active', kyc_status: 'verified' })),
    balance: vi.fn(async () => '100000'),
    prices: vi.fn(async () => ({ priceBuy: '50050', priceSell: '50000' })),
    bankAccountIds: vi.fn(async () => [12]),
    limitEur: async () => '10000.00',
    ...overrides,
  };
}

const buy: OrderRequest = { kind: 'buy', userId: 1, pair: 'btceur', amount: '250.00', bankAccountId: null, overrideLimit: false };

async function refusal(request: OrderRequest, r: OrderCheckReads): Promise<DeskFailure> {
  const error = await checkOrder(request, r).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeskFailure);
  return error as DeskFailure;
}

describe('checkOrder', () => {
  it('passes a valid buy and reports its EUR value', async () => {
    await expect(checkOrder(buy, reads())).resolves.toMatchObject({
      amount: '250.00',
      currency: 'eur',
      eurValue: '250.00',
      pair: 'btceur',
    });
  });

  it('values a sell at amount × price_sell and checks the crypto balance', async () => {
    const r = reads({ balance: vi.fn(async () => '1') });
    const checked = await checkOrder({ ...buy, kind: 'sell', amount: '0.1' }, r);
    expect(checked).toMatchObject({ currency: 'btc', eurValue: '5000.00' });
    expect(r.balance).toHaveBeenCalledWith(1, 'btc');
  });

  it.each([
    ['1.234', 'at most 2'],
    ['-5', 'more than zero'],
    ['0', 'more than zero'],
    ['abc', 'plain decimal'],
  ])('refuses the buy amount %j before any read', async (amount, message) => {
    const r = reads();
    const e = await refusal({ ...buy, amount }, r);
    expect(e.deskError.kind).toBe('validation');
    expect(e.deskError.fieldErrors?.amount?.[0]).toContain(message);
    expect(r.pairs).not.toHaveBeenCalled();
    expect(r.user).not.toHaveBeenCalled();
  });

  it('allows 8 places for a sell but not 9', async () => {
    await expect(checkOrder({ ...buy, kind: 'sell', amount: '0.12345678' }, reads())).resolves.toBeTruthy();
    const e = await refusal({ ...buy, kind: 'sell', amount: '0.123456789' }, reads());
    expect(e.deskError.fieldErrors?.amount?.[0]).toContain('at most 8');
  });

  it('refuses an unknown pair with the list of known ones', async () => {
    const r = reads();
    const e = await refusal({ ...buy, pair: 'dogeeur' }, r);
    expect(e.deskError.fieldErrors?.pair?.[0]).toMatch(/btceur, etheur/);
    expect(r.user).not.toHaveBeenCalled();
  });

  it('refuses a withdrawal under 10 EUR', async () => {
    const e = await refusal({ ...buy, kind: 'withdraw', pair: null, bankAccountId: 12, amount: '9.99' }, reads());
    expect(e.deskError).toMatchObject({ kind: 'validation', fieldErrors: { amount: [expect.stringContaining('at least 10.00 EUR')] } });
  });

  it('refuses a withdrawal to somebody else’s bank account', async () => {
    const e = await refusal({ ...buy, kind: 'withdraw', pair: null, bankAccountId: 99, amount: '10' }, reads());
    expect(e.deskError.fieldErrors?.bankAccountId).toBeDefined();
  });

  it.each([
    ['pending', 'kyc_gate'],
    ['not_started', 'kyc_gate'],
    ['declined', 'kyc_gate'],
  ])('refuses a user whose KYC is %s', async (kyc, kind) => {
    const e = await refusal(buy, reads({ user: async () => ({ status: 'active', kyc_status: kyc }) }));
    expect(e.kind).toBe(kind);
  });

  it('refuses a disabled user', async () => {
    const e = await refusal(buy, reads({ user: async () => ({ status: 'disabled', kyc_status: 'verified' }) }));
    expect(e.kind).toBe('user_inactive');
  });

  it('refuses when the balance does not cover the amount', async () => {
    const e = await refusal({ ...buy, amount: '250.01' }, reads({ balance: async () => '250' }));
    expect(e.kind).toBe('insufficient_funds');
  });

  it('refuses over the limit unless overridden', async () => {
    const e = await refusal({ ...buy, amount: '10000.01' }, reads());
    expect(e.kind).toBe('limit_exceeded');
    expect(e.message).toContain('10000.00 EUR');
    await expect(checkOrder({ ...buy, amount: '10000.01', overrideLimit: true }, reads())).resolves.toMatchObject({ eurValue: '10000.01' });
  });

  it('values a sell at the proceeds the API books (down to the cent) for the limit', async () => {
    const r = reads({
      balance: vi.fn(async () => '1'),
      prices: vi.fn(async () => ({ priceBuy: '50050', priceSell: '50000' })),
      limitEur: async () => '500.00',
    });
    // 0.01000001 BTC × 50 000 = 500.0005 EUR, booked as 500.00: within the limit.
    await expect(checkOrder({ ...buy, kind: 'sell', amount: '0.01000001' }, r)).resolves.toMatchObject({ eurValue: '500.00' });
  });

  it.each([
    ['buy', '0.01', 'The smallest buy now is 0.02 EUR.'],
    ['sell', '0.0000003', 'The smallest sell now is 0.00000040 BTC.'],
  ] as const)('refuses a %s of %s that the fee would eat, naming the smallest', async (kind, amount, smallest) => {
    const e = await refusal({ ...buy, kind, amount }, reads());
    expect(e.deskError.kind).toBe('validation');
    expect(e.deskError.fieldErrors?.amount?.[0]).toContain('too small: the fee of 0.01 EUR would leave the user nothing.');
    expect(e.deskError.fieldErrors?.amount?.[0]).toContain(smallest);
  });

  it('passes the smallest buy and sell the fee leaves something of', async () => {
    await expect(checkOrder({ ...buy, amount: '0.02' }, reads())).resolves.toBeTruthy();
    await expect(checkOrder({ ...buy, kind: 'sell', amount: '0.0000004' }, reads())).resolves.toBeTruthy();
  });

  it('puts a definite refusal before the overridable limit', async () => {
    const e = await refusal({ ...buy, amount: '20000' }, reads({ balance: async () => '10' }));
    expect(e.kind).toBe('insufficient_funds');
  });
});
