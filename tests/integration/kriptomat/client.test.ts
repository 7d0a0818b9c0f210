// The typed client against the real sandbox on loopback: every endpoint under
// both base-path styles, error mapping, and retries through injected faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KriptomatError } from '../../../main/kriptomat/errors';
import { fetchAllPages } from '../../../main/kriptomat/pagination';
import {
  advanceSandboxClock,
  clearFaults,
  loginPartner,
  sandboxClient,
  sandboxState,
  setFaults,
  startTestSandbox,
  type RunningSandbox,
} from '../../support/sandbox';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ settleDelaySeconds: 1, kycDelaySeconds: 5 });
  token = await loginPartner(sandbox, sandboxClient(sandbox.url));
});
afterAll(async () => {
  await sandbox?.close();
});

const styles = [
  ['/v1', () => `${sandbox.origin}/v1`],
  ['/api/v1/partners', () => `${sandbox.origin}/api/v1/partners/`],
] as const;

describe.each(styles)('every endpoint under %s', (_style, base) => {
  it('runs the whole user, bank, market, order and transaction flow with typed results', async () => {
    const c = sandboxClient(base());
    const unique = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

    const { id: userId } = await c.createUser(token, {
      email: `it-${unique}@example.com`,
      name: 'Ivo',
      surname: 'Test',
      phone: '+38640111222',
    });
    expect(Number.isInteger(userId)).toBe(true);
    const shown = await c.showUser(token, userId);
    expect(shown).toMatchObject({ email: `it-${unique}@example.com`, name: 'Ivo', status: 'active', kyc_status: 'not_started' });
    await c.updateUser(token, userId, { email: shown.email, name: 'Ivan', surname: 'Test', phone: '+38640111222', status: 'active' });
    expect((await c.showUser(token, userId)).name).toBe('Ivan');
    await c.importKyc(token, userId, { token: `share-${unique}` });
    expect((await c.showUser(token, userId)).kyc_status).toBe('pending');

    const added = await c.addBankAccount(token, userId, { iban: 'DE89370400440532013000' });
    expect(Number.isInteger(added.id)).toBe(true);
    const list = await c.listBankAccounts(token, userId);
    expect(list.map((b) => b.id)).toContain(added.id);
    expect(await c.showBankAccount(token, userId, added.id)).toMatchObject({ id: added.id, iban: 'DE89370400440532013000' });
    await c.deleteBankAccount(token, userId, added.id);
    await expect(c.showBankAccount(token, userId, added.id)).rejects.toMatchObject({ kind: 'not_found', status: 404 });

    const deposit = await c.depositInstructions(token, userId);
    expect(deposit.iban.length).toBeGreaterThan(10);

    const pairs = await c.pairs(token);
    expect(pairs).toContain('btceur');
    const currencies = await c.currencies(token);
    expect(currencies.map((x) => x.code)).toContain('btc');
    const rate = await c.exchangeRate(token, 'btceur');
    expect(rate.pair).toBe('btceur');
    for (const price of [rate.price, rate.price_buy, rate.price_sell]) expect(price).toMatch(/^\d+(\.\d+)?$/);
    const master = await c.masterBalance(token, 'eur');
    expect(master).toMatchObject({ currency_code: 'eur' });
    expect(master.balance).toMatch(/^\d+(\.\d+)?$/);

    // Seeded user 1 is verified with funds and bank accounts.
    const eur = await c.userBalance(token, 1, 'eur');
    expect(typeof eur.balance).toBe('string');
    const bought = await c.buy(token, 1, { amount: '20.00', pair: 'btceur', idempotency_key: `buy-${unique}` });
    const sold = await c.sell(token, 1, { amount: '0.0001', pair: 'btceur', idempotency_key: `sell-${unique}` });
    const bank = (await c.listBankAccounts(token, 1))[0]!;
    const withdrawn = await c.withdraw(token, 1, { amount: '10.00', bank_account_id: bank.id, idempotency_key: `wd-${unique}` });
    const tx = await c.showTransaction(token, 1, bought.transaction_id);
    expect(tx).toMatchObject({ id: bought.transaction_id, user_id: 1, type: 'buy', pair: 'btceur', total: '20' });
    expect(tx.amount).toMatch(/^\d+(\.\d+)?$/);
    expect(new Set([bought.transaction_id, sold.transaction_id, withdrawn.transaction_id]).size).toBe(3);

    const mine = await c.userTransactions(token, 1, 1);
    expect(mine.transactions.every((t) => t.user_id === 1)).toBe(true);
    const all = await c.allTransactions(token, 1);
    expect(all.transactions.map((t) => t.id)).toContain(withdrawn.transaction_id);
    expect(all.meta?.current_page).toBe(1);
  });
});

describe('login and logout', () => {
  it('logs in under the production-style base path and logs out', async () => {
    // The demo partner's code of this step is spent: move to the next step.
    await advanceSandboxClock(sandbox, 30);
    const c = sandboxClient(`${sandbox.origin}/api/v1/partners`);
    const own = await loginPartner(sandbox, c);
    expect(await c.pairs(own)).toContain('btceur');
    await c.logout(own);
    await expect(c.pairs(own)).rejects.toMatchObject({ kind: 'unauthenticated', status: 401, endpoint: 'pairs' });
  });

  it('maps a wrong password to unauthenticated and missing fields locally', async () => {
    const c = sandboxClient(sandbox.url);
    const { partner } = sandbox;
    await expect(
      c.login({
        email: partner.email,
        password: 'nope',
        client_id: partner.client_id,
        client_secret: partner.client_secret,
        security_code: '000000',
      }),
    ).rejects.toMatchObject({ kind: 'unauthenticated', status: 401, endpoint: 'login' });
  });
});

describe('errors from the sandbox', () => {
  it('maps 404, 422 with fields, 409 and 401', async () => {
    const c = sandboxClient(sandbox.url);
    await expect(c.showUser(token, 999_999)).rejects.toMatchObject({ kind: 'not_found', status: 404 });

    const iban = await c.addBankAccount(token, 1, { iban: 'DE89370400440532013001' }).catch((e: unknown) => e);
    expect(iban).toMatchObject({ kind: 'validation', status: 422 });
    expect(Object.keys((iban as KriptomatError).fieldErrors ?? {})).toContain('iban');

    const small = await c
      .withdraw(token, 1, { amount: '5.00', bank_account_id: 1, idempotency_key: `small-${Date.now()}` })
      .catch((e: unknown) => e);
    expect(small).toMatchObject({ kind: 'validation', status: 422 });
    expect((small as KriptomatError).fieldErrors?.amount?.length).toBeGreaterThan(0);

    const key = `dup-${Date.now()}`;
    await c.buy(token, 1, { amount: '11.00', pair: 'btceur', idempotency_key: key });
    await expect(c.buy(token, 1, { amount: '12.00', pair: 'btceur', idempotency_key: key })).rejects.toMatchObject({
      kind: 'conflict',
      status: 409,
    });

    await expect(c.pairs('not-a-token')).rejects.toMatchObject({ kind: 'unauthenticated', status: 401 });
  });

  it('the same key and body answers the first transaction again', async () => {
    const c = sandboxClient(sandbox.url);
    const body = { amount: '15.00', pair: 'etheur', idempotency_key: `same-${Date.now()}` };
    const first = await c.buy(token, 2, body);
    const again = await c.buy(token, 2, body);
    expect(again.transaction_id).toBe(first.transaction_id);
  });
});

describe('retries through sandbox faults', () => {
  it('GETs ride out injected 503s and 429s; create user is not repeated', async () => {
    const requests: string[] = [];
    const c = sandboxClient(sandbox.url, {
      retry: { maxAttempts: 30 },
      fetch: (input, init) => {
        requests.push(`${init.method} ${new URL(input).pathname}`);
        return fetch(input, init);
      },
    });
    await setFaults(sandbox, { error_rate: 0.5, error_status: 503 });
    try {
      for (let i = 0; i < 10; i++) expect(await c.pairs(token)).toContain('btceur');
      expect(requests.length).toBeGreaterThan(10);

      await setFaults(sandbox, { error_rate: 1, error_status: 502 });
      requests.length = 0;
      await expect(c.createUser(token, { email: 'never@example.com', name: 'N', surname: 'R', phone: '1' })).rejects.toMatchObject({
        kind: 'server',
        status: 502,
      });
      expect(requests).toEqual(['POST /v1/users']);

      await setFaults(sandbox, { rate_limit_rate: 1, retry_after_s: 3 });
      const limited = sandboxClient(sandbox.url, { retry: { maxAttempts: 2 } });
      await expect(limited.pairs(token)).rejects.toMatchObject({ kind: 'rate_limited', status: 429, retryAfterSeconds: 3 });
    } finally {
      await clearFaults(sandbox);
    }
  });

  it('20 orders through 30 % dropped-after-commit connections book exactly 20 transactions', async () => {
    let attempts = 0;
    const c = sandboxClient(sandbox.url, {
      retry: { maxAttempts: 20 },
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const before = (await sandboxState(sandbox)).transactions?.length ?? 0;
    await setFaults(sandbox, { drop_after_commit_rate: 0.3 });
    const ids: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        ids.push((await c.buy(token, 1, { amount: '10.00', pair: 'btceur', idempotency_key: `drop-${Date.now()}-${i}` })).transaction_id);
      }
    } finally {
      await clearFaults(sandbox);
    }
    expect(new Set(ids).size).toBe(20);
    expect(attempts).toBeGreaterThan(20); // some answers were lost and the order repeated
    expect((await sandboxState(sandbox)).transactions?.length).toBe(before + 20);
  });

  it('fetchAllPages reads every transaction with bounded concurrency, matching the sandbox dump', async () => {
    const c = sandboxClient(sandbox.url);
    const rows = await fetchAllPages((page) => c.allTransactions(token, page), { maxConcurrency: 4, keyOf: (t) => t.id });
    const dump = await sandboxState(sandbox);
    expect(rows.map((t) => t.id).sort((a, b) => a - b)).toEqual((dump.transactions ?? []).map((t) => t.id).sort((a, b) => a - b));
    // Newest first, as the reference's pagination implies.
    expect(rows[0]!.id).toBeGreaterThan(rows.at(-1)!.id);
  });
});
