import { describe, expect, it } from 'vitest';
import {
  balanceResponseSchema,
  exchangeRateResponseSchema,
  showUserResponseSchema,
  orderResponseSchema,
  transactionPageResponseSchema,
  withdrawRequestSchema,
} from '../../../shared/kriptomat';

describe('response schemas', () => {
  it('turn money into decimal strings without binary float artefacts', () => {
    const rate = exchangeRateResponseSchema.parse(
      JSON.parse(
        '{"status":true,"data":{"pair":"btceur","price":3250.6,"price_buy":3252.6,"price_sell":0.1,"date":"2018-11-27T13:46:22.658","timestamp":1543326193694}}',
      ),
    );
    expect(rate.data).toEqual({
      pair: 'btceur',
      price: '3250.6',
      price_buy: '3252.6',
      price_sell: '0.1',
      date: '2018-11-27T13:46:22.658',
      timestamp: 1543326193694,
    });
    expect(balanceResponseSchema.parse(JSON.parse('{"status":true,"data":{"balance":1e-7,"currency_code":"btc"}}')).data.balance).toBe(
      '0.0000001',
    );
    expect(balanceResponseSchema.parse({ status: true, data: { balance: '12.50', currency_code: 'eur' } }).data.balance).toBe('12.5');
  });

  it('parse the reference transaction page, tolerating unknown states and a missing or odd meta', () => {
    const row = {
      id: 472,
      user_id: 2,
      type: 'fiat_deposit',
      amount: 99,
      pair: null,
      price: null,
      date: 'd',
      state: 'on_hold',
      fee: 1,
      subtotal: 99,
      total: 100,
    };
    const withMeta = transactionPageResponseSchema.parse({
      status: true,
      data: {
        transactions: [row],
        meta: { current_page: 1, total_pages: 24, total_count: 102, per_page: 8, last_page: false, out_of_range: false },
      },
    });
    expect(withMeta.data.transactions[0]).toMatchObject({ state: 'on_hold', amount: '99', price: null, pair: null, total: '100' });
    expect(withMeta.data.meta?.total_pages).toBe(24);
    expect(transactionPageResponseSchema.parse({ status: true, data: { transactions: [row] } }).data.meta).toBeUndefined();
    expect(transactionPageResponseSchema.parse({ status: true, data: { transactions: [row], meta: 'page 1' } }).data.meta).toBeUndefined();
  });

  it('accept a user with missing profile fields as nulls and unknown extra keys', () => {
    const user = showUserResponseSchema.parse({
      status: true,
      data: { email: 'a@b.c', name: 'A', surname: 'B', phone: '1', status: 'active', kyc_status: 'in_review', extra: 1 },
    }).data;
    expect(user.city).toBeNull();
    expect(user.kyc_status).toBe('in_review');
    expect('extra' in user).toBe(false);
  });

  it('refuse {"status": true} without data where data is expected', () => {
    const result = balanceResponseSchema.safeParse({ status: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['data']);
  });
});

describe('request schemas: ids start at 1', () => {
  it('refuse a withdrawal to bank account 0 and a transaction id of 0', () => {
    expect(withdrawRequestSchema.safeParse({ amount: '20.00', bank_account_id: 0, idempotency_key: 'k' }).success).toBe(false);
    expect(withdrawRequestSchema.safeParse({ amount: '20.00', bank_account_id: 1, idempotency_key: 'k' }).success).toBe(true);
    expect(orderResponseSchema.safeParse({ status: true, data: { transaction_id: 0 } }).success).toBe(false);
  });
});
