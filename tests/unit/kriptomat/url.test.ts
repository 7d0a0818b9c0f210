import { afterEach, describe, expect, it } from 'vitest';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { buildUrl, idSegment, normalizeBaseUrl } from '../../../main/kriptomat/url';
import { clientRig, TOKEN, type ClientRig } from './helpers';

describe('base URL and paths', () => {
  it('joins paths under both documented base styles, with or without a trailing slash', () => {
    const cases: Array<[string, string]> = [
      ['https://stagingapi.kminfra.net/v1', 'https://stagingapi.kminfra.net/v1/users/1/buy'],
      ['https://stagingapi.kminfra.net/v1/', 'https://stagingapi.kminfra.net/v1/users/1/buy'],
      ['https://api.kriptomat.io/api/v1/partners', 'https://api.kriptomat.io/api/v1/partners/users/1/buy'],
      ['https://api.kriptomat.io/api/v1/partners//', 'https://api.kriptomat.io/api/v1/partners/users/1/buy'],
    ];
    for (const [base, expected] of cases) {
      expect(buildUrl(normalizeBaseUrl(base), ['users', '1', 'buy']).href).toBe(expected);
    }
  });

  it('encodes segments and query values so they cannot change the path', () => {
    const url = buildUrl(normalizeBaseUrl('https://x.test/v1'), ['users', '../admin'], { pair: 'btc eur&x=1' });
    expect(url.pathname).toBe('/v1/users/..%2Fadmin');
    expect(url.searchParams.get('pair')).toBe('btc eur&x=1');
    expect(url.searchParams.get('x')).toBeNull();
  });

  it('refuses base URLs that are not http(s) or carry credentials, a query or a fragment', () => {
    for (const bad of ['ftp://x.test/v1', 'not a url', 'https://u:p@x.test/v1', 'https://x.test/v1?a=1', 'https://x.test/v1#f']) {
      expect(() => normalizeBaseUrl(bad)).toThrow(KriptomatError);
    }
  });

  it('accepts only whole-number ids', () => {
    expect(idSegment('showUser', 'The user id', 42)).toBe('42');
    for (const bad of [1.5, -1, Number.NaN, '5', '5/../x', Infinity, 2 ** 60, null]) {
      let caught: unknown;
      try {
        idSegment('showUser', 'The user id', bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(KriptomatError);
      expect((caught as KriptomatError).kind).toBe('client');
      expect((caught as KriptomatError).endpoint).toBe('showUser');
    }
  });
});

describe('client paths against a stub', () => {
  let rig: ClientRig | undefined;
  afterEach(async () => {
    await rig?.stub.close();
    rig = undefined;
  });

  it('rejects a non-integer id before any request', async () => {
    rig = await clientRig(() => ({ status: 200, body: { status: true, data: {} } }));
    await expect(rig.client.showUser(TOKEN, 1.5)).rejects.toMatchObject({ kind: 'client', endpoint: 'showUser' });
    await expect(rig.client.showTransaction(TOKEN, 1, -3)).rejects.toMatchObject({ kind: 'client' });
    expect(rig.stub.requests).toHaveLength(0);
  });

  it('requests every endpoint at its documented path and method under /api/v1/partners', async () => {
    rig = await clientRig(
      () => ({ status: 500, body: { status: false, message: 'stop' } }),
      { retry: { maxAttempts: 1 } },
      '/api/v1/partners/',
    );
    const c = rig.client;
    const order = { amount: '1.00', pair: 'btceur', idempotency_key: 'k' };
    const calls: Array<() => Promise<unknown>> = [
      () => c.login({ email: 'a@b.c', password: 'p', client_id: 1, client_secret: 's', security_code: '123456' }),
      () => c.logout(TOKEN),
      () => c.createUser(TOKEN, { email: 'a@b.c', name: 'A', surname: 'B', phone: '+3861' }),
      () => c.updateUser(TOKEN, 6, { email: 'a@b.c', name: 'A', surname: 'B', phone: '+3861', status: 'disabled' }),
      () => c.showUser(TOKEN, 6),
      () => c.importKyc(TOKEN, 6, { token: 'share' }),
      () => c.addBankAccount(TOKEN, 6, { iban: 'DE89370400440532013000' }),
      () => c.listBankAccounts(TOKEN, 6),
      () => c.showBankAccount(TOKEN, 6, 8),
      () => c.deleteBankAccount(TOKEN, 6, 8),
      () => c.depositInstructions(TOKEN, 6),
      () => c.pairs(TOKEN),
      () => c.currencies(TOKEN),
      () => c.exchangeRate(TOKEN, 'btceur'),
      () => c.userBalance(TOKEN, 6, 'btc'),
      () => c.masterBalance(TOKEN, 'eur'),
      () => c.buy(TOKEN, 6, order),
      () => c.sell(TOKEN, 6, order),
      () => c.withdraw(TOKEN, 6, { amount: '10.00', bank_account_id: 8, idempotency_key: 'k' }),
      () => c.allTransactions(TOKEN, 2),
      () => c.userTransactions(TOKEN, 6, 3),
      () => c.showTransaction(TOKEN, 6, 128),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(KriptomatError);
    expect(rig.stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/partners/auth/login',
      'POST /api/v1/partners/auth/logout',
      'POST /api/v1/partners/users',
      'PUT /api/v1/partners/users/6',
      'GET /api/v1/partners/users/6',
      'POST /api/v1/partners/users/6/kyc-import',
      'POST /api/v1/partners/users/6/bank-accounts',
      'GET /api/v1/partners/users/6/bank-accounts',
      'GET /api/v1/partners/users/6/bank-accounts/8',
      'DELETE /api/v1/partners/users/6/bank-accounts/8',
      'GET /api/v1/partners/users/6/deposit-instructions',
      'GET /api/v1/partners/pairs',
      'GET /api/v1/partners/currencies',
      'GET /api/v1/partners/exchange-rates?pair=btceur',
      'GET /api/v1/partners/users/6/balances?currency_code=btc',
      'GET /api/v1/partners/balances?currency_code=eur',
      'POST /api/v1/partners/users/6/buy',
      'POST /api/v1/partners/users/6/sell',
      'POST /api/v1/partners/users/6/withdraw',
      'GET /api/v1/partners/users-transactions?page=2',
      'GET /api/v1/partners/users/6/transactions?page=3',
      'GET /api/v1/partners/users/6/transactions/128',
    ]);
  });
});
