// Login, TOTP reuse, token expiry, logout, and 401 on every protected endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { advance, BASES, call, codeAt, login, loginBody, sandboxNow, start } from './helpers';

/** Every endpoint of the reference except login, with a body where one is needed. */
const PROTECTED: [string, string, unknown?][] = [
  ['POST', 'auth/logout'],
  ['POST', 'users', { email: 'x@example.com', name: 'X', surname: 'Y', phone: '+38640111222' }],
  ['PUT', 'users/1', { email: 'ana.novak@example.com', name: 'Ana', surname: 'Novak', phone: '+38640123456', status: 'active' }],
  ['GET', 'users/1'],
  ['POST', 'users/4/kyc-import', { token: 'abc' }],
  ['POST', 'users/1/bank-accounts', { iban: 'GB82WEST12345698765432' }],
  ['GET', 'users/1/bank-accounts'],
  ['GET', 'users/1/bank-accounts/1'],
  ['DELETE', 'users/1/bank-accounts/1'],
  ['GET', 'users/1/deposit-instructions'],
  ['GET', 'pairs'],
  ['GET', 'currencies'],
  ['GET', 'exchange-rates?pair=btceur'],
  ['GET', 'users/1/balances?currency_code=btc'],
  ['GET', 'balances?currency_code=btc'],
  ['POST', 'users/1/buy', { amount: '10.00', pair: 'btceur', idempotency_key: 'a' }],
  ['POST', 'users/1/sell', { amount: '0.001', pair: 'btceur', idempotency_key: 'b' }],
  ['POST', 'users/1/withdraw', { amount: '10.00', bank_account_id: 1, idempotency_key: 'c' }],
  ['GET', 'users-transactions'],
  ['GET', 'users/1/transactions'],
  ['GET', 'users/1/transactions/1'],
];

describe('authentication', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await start({ tokenTtlSeconds: 120 });
  });
  afterAll(async () => {
    await sb.close();
  });

  it.each(BASES)('logs in under %s with email, password, client id/secret and a TOTP code', async (base) => {
    const now = await advance(sb, 30);
    const res = await call(sb, 'auth/login', { base, body: loginBody(sb, codeAt(sb.partner.totp_secret, now)) });
    expect(res.status).toBe(200);
    expect(typeof res.body.access_token).toBe('string');
    expect(res.body.access_token.length).toBeGreaterThan(20);
    expect(res.body.expires_in).toBe(120);
    const pairs = await call(sb, 'pairs', { base, token: res.body.access_token });
    expect(pairs.status).toBe(200);
  });

  it('answers 422 with Laravel-style errors for missing fields', async () => {
    const res = await call(sb, 'auth/login', { body: { email: sb.partner.email } });
    expect(res.status).toBe(422);
    expect(typeof res.body.message).toBe('string');
    expect(Object.keys(res.body.errors).sort()).toEqual(['client_id', 'client_secret', 'password', 'security_code']);
    expect(res.body.errors.password).toEqual(['The password field is required.']);
    const empty = await call(sb, 'auth/login', { method: 'POST' });
    expect(empty.status).toBe(422);
    expect(Object.keys(empty.body.errors)).toHaveLength(5);
  });

  it.each([
    ['password', 'Wrong_123'],
    ['email', 'someone@else.test'],
    ['client_secret', 'nope'],
    ['client_id', 6],
  ])('answers 401 with a message for a wrong %s', async (field, value) => {
    const now = await advance(sb, 30);
    const res = await call(sb, 'auth/login', { body: { ...loginBody(sb, codeAt(sb.partner.totp_secret, now)), [field]: value } });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/credentials/);
  });

  it('answers 401 for a wrong or stale code; a failed login does not spend the code', async () => {
    const now = await advance(sb, 30);
    const wrong = await call(sb, 'auth/login', { body: loginBody(sb, codeAt(sb.partner.totp_secret, now + 120_000)) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toMatch(/security code/);
    const stale = await call(sb, 'auth/login', { body: loginBody(sb, codeAt(sb.partner.totp_secret, now - 90_000)) });
    expect(stale.status).toBe(401);
    // A refused login with the right code (wrong password) leaves the code usable.
    const code = codeAt(sb.partner.totp_secret, now);
    expect((await call(sb, 'auth/login', { body: { ...loginBody(sb, code), password: 'bad' } })).status).toBe(401);
    expect((await call(sb, 'auth/login', { body: loginBody(sb, code) })).status).toBe(200);
  });

  it('accepts the previous and next step’s code (clock drift)', async () => {
    let now = await advance(sb, 90);
    expect((await call(sb, 'auth/login', { body: loginBody(sb, codeAt(sb.partner.totp_secret, now - 30_000)) })).status).toBe(200);
    now = await advance(sb, 90);
    expect((await call(sb, 'auth/login', { body: loginBody(sb, codeAt(sb.partner.totp_secret, now + 30_000)) })).status).toBe(200);
  });

  it('refuses a code already used for a login until the next 30-second step', async () => {
    const now = await advance(sb, 90);
    const code = codeAt(sb.partner.totp_secret, now);
    expect((await call(sb, 'auth/login', { body: loginBody(sb, code) })).status).toBe(200);
    const again = await call(sb, 'auth/login', { body: loginBody(sb, code) });
    expect(again.status).toBe(401);
    expect(again.body.message).toMatch(/already been used/);
    // Still refused a few seconds later within the same step window…
    await advance(sb, 5);
    expect((await call(sb, 'auth/login', { body: loginBody(sb, code) })).status).toBe(401);
    // …and the next step's code works.
    const next = Math.floor(now / 30_000) * 30_000 + 30_000;
    await call(sb, '/__sandbox/clock', { body: { set_ms: next + 1000 } });
    expect((await call(sb, 'auth/login', { body: loginBody(sb, codeAt(sb.partner.totp_secret, next + 1000)) })).status).toBe(200);
  });

  it('expires tokens after expires_in seconds of sandbox time', async () => {
    const token = await login(sb);
    expect((await call(sb, 'pairs', { token })).status).toBe(200);
    await advance(sb, 119);
    expect((await call(sb, 'pairs', { token })).status).toBe(200);
    await advance(sb, 2);
    const res = await call(sb, 'pairs', { token });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthenticated.' });
  });

  it('logout revokes the token under both base paths', async () => {
    for (const base of BASES) {
      const token = await login(sb, { base });
      const out = await call(sb, 'auth/logout', { base, method: 'POST', token });
      expect(out.status).toBe(200);
      expect(out.body).toEqual({ status: true });
      const after = await call(sb, 'users/1', { base, token });
      expect(after.status).toBe(401);
      expect(after.body).toEqual({ message: 'Unauthenticated.' });
    }
  });

  it.each(PROTECTED)('%s %s answers 401 without a token, with an unknown token and with a malformed header', async (method, path, body) => {
    for (const token of [null, 'not-a-real-token']) {
      const res = await call(sb, path, { method, body, token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthenticated.' });
    }
    const res = await fetch(`${sb.url}/${path}`, { method, headers: { Authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
  });

  it('answers with a Date header from the sandbox clock', async () => {
    const now = await advance(sb, 86_400 * 3);
    const res = await call(sb, 'pairs');
    const date = Date.parse(res.headers.get('date') ?? '');
    expect(Math.abs(date - now)).toBeLessThan(3000);
    expect(Math.abs(date - Date.now())).toBeGreaterThan(86_400 * 2 * 1000);
    expect(await sandboxNow(sb)).toBeGreaterThanOrEqual(now);
  });
});
