// Every endpoint of the reference answers 2xx with its documented envelope under
// both base paths: one full walk through the API per base.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { BASES, call, login, start } from './helpers';

describe('every endpoint under both base paths', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await start({ kycDelaySeconds: 0 });
  });
  afterAll(async () => {
    await sb.close();
  });

  it.each(BASES)('%s', async (base) => {
    const token = await login(sb, { base });
    const tag = base.length;
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await call(sb, path, { base, method, token, body });
      expect(res.status, `${method} ${base}/${path}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.status, `${method} ${path}`).toBe(true);
      return res.body.data as Record<string, unknown> | undefined;
    };

    const { id } = (await ok('POST', 'users', { email: `walk${tag}@example.com`, name: 'W', surname: 'K', phone: '+38640123000' }))! as {
      id: number;
    };
    await ok('PUT', `users/${id}`, {
      email: `walk${tag}@example.com`,
      name: 'Walk',
      surname: 'K',
      phone: '+38640123000',
      status: 'active',
    });
    expect((await ok('GET', `users/${id}`))!.name).toBe('Walk');
    await ok('POST', `users/${id}/kyc-import`, { token: 'share-token' });
    const bank = (await ok('POST', `users/${id}/bank-accounts`, { iban: 'DE89370400440532013000' }))! as { id: number };
    expect(await ok('GET', `users/${id}/bank-accounts`)).toHaveLength(1);
    expect((await ok('GET', `users/${id}/bank-accounts/${bank.id}`))!.id).toBe(bank.id);
    expect((await ok('GET', `users/${id}/deposit-instructions`))!.swift_bic).toBe('HLONSI22');
    expect(await ok('GET', 'pairs')).toContain('btceur');
    expect(await ok('GET', 'currencies')).toContainEqual({ name: 'Bitcoin', code: 'btc' });
    expect((await ok('GET', 'exchange-rates?pair=btceur'))!.pair).toBe('btceur');
    expect((await ok('GET', `users/${id}/balances?currency_code=eur`))!.balance).toBe(0);
    expect((await ok('GET', 'balances?currency_code=eur'))!.currency_code).toBe('eur');

    // Fund the new (now verified: KYC delay 0) user through the control endpoint, then trade.
    expect((await call(sb, `/__sandbox/users/${id}/deposits`, { body: { amount: '1000.00' } })).status).toBe(200);
    expect((await ok('GET', `users/${id}`))!.kyc_status).toBe('verified');
    const buy = (await ok('POST', `users/${id}/buy`, { amount: '250.00', pair: 'btceur', idempotency_key: `walk-buy-${tag}` }))! as {
      transaction_id: number;
    };
    const sell = (await ok('POST', `users/${id}/sell`, { amount: '0.0001', pair: 'btceur', idempotency_key: `walk-sell-${tag}` }))!;
    const withdraw = (await ok('POST', `users/${id}/withdraw`, {
      amount: '250.00',
      bank_account_id: bank.id,
      idempotency_key: `walk-wd-${tag}`,
    }))!;
    expect(typeof sell.transaction_id).toBe('number');
    expect(typeof withdraw.transaction_id).toBe('number');
    const mine = (await ok('GET', `users/${id}/transactions`))! as { transactions: { type: string }[] };
    expect(mine.transactions.map((t) => t.type)).toEqual(['fiat_withdrawal', 'sell', 'buy', 'fiat_deposit']);
    expect((await ok('GET', 'users-transactions'))!.meta).toBeDefined();
    expect((await ok('GET', `users/${id}/transactions/${buy.transaction_id}`))!.type).toBe('buy');
    await ok('DELETE', `users/${id}/bank-accounts/${bank.id}`);
    const out = await call(sb, 'auth/logout', { base, method: 'POST', token });
    expect(out.body).toEqual({ status: true });
  });
});
