// Users: create, show, update, KYC import and its transitions, deposit instructions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { advance, BASES, call, dump, login, start, userIn } from './helpers';

describe('users', () => {
  let sb: RunningSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await start({ kycDelaySeconds: 60 });
    token = await login(sb);
  });
  afterAll(async () => {
    await sb.close();
  });

  it.each(BASES)('creates a user under %s and shows it', async (base) => {
    const email = `new.${base.length}@example.com`;
    const created = await call(sb, 'users', { base, token, body: { email, name: 'John', surname: 'Doe', phone: '+381631283023' } });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe(true);
    const id = created.body.data.id as number;
    expect(id).toBeGreaterThan(10);
    const shown = await call(sb, `users/${id}`, { base, token });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      status: true,
      data: {
        email,
        name: 'John',
        surname: 'Doe',
        phone: '+381631283023',
        date_of_birth: null,
        address: null,
        building_number: null,
        city: null,
        postal_code: null,
        country: null,
        status: 'active',
        kyc_status: 'not_started',
      },
    });
    const state = userIn(await dump(sb), id);
    expect(state.balances).toEqual({ eur: '0.00', btc: '0.00000000', eth: '0.00000000', xrp: '0.00000000' });
  });

  it('shows a seeded user with the documented fields', async () => {
    const res = await call(sb, 'users/1', { token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual([
      'email',
      'name',
      'surname',
      'phone',
      'date_of_birth',
      'address',
      'building_number',
      'city',
      'postal_code',
      'country',
      'status',
      'kyc_status',
    ]);
    expect(res.body.data.kyc_status).toBe('verified');
    expect(res.body.data.status).toBe('active');
  });

  it('validates create: missing fields, bad e-mail, non-international phone, duplicate e-mail', async () => {
    const missing = await call(sb, 'users', { token, body: {} });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors).sort()).toEqual(['email', 'name', 'phone', 'surname']);
    expect(missing.body.message).toBe('The email field is required. (and 3 more errors)');

    const bad = await call(sb, 'users', { token, body: { email: 'not-an-email', name: 'A', surname: 'B', phone: '0631283023' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.email).toEqual(['The email must be a valid email address.']);
    expect(bad.body.errors.phone[0]).toMatch(/international format/);
    expect(bad.body.errors.name).toBeUndefined();

    const dup = await call(sb, 'users', {
      token,
      body: { email: 'ANA.NOVAK@example.com', name: 'A', surname: 'B', phone: '+38640000000' },
    });
    expect(dup.status).toBe(422);
    expect(dup.body.errors.email).toEqual(['The email has already been taken.']);

    const typed = await call(sb, 'users', { token, body: { email: 'typed@example.com', name: 5, surname: 'B', phone: 38640000000 } });
    expect(typed.status).toBe(422);
    expect(typed.body.errors.name).toEqual(['The name must be a string.']);
    expect(typed.body.errors.phone).toEqual(['The phone must be a string.']);
  });

  it('updates a user (all fields required) and can disable, delete and reactivate', async () => {
    const body = { email: 'tom.becker@example.com', name: 'Thomas', surname: 'Becker', phone: '+4917612345678', status: 'disabled' };
    const res = await call(sb, 'users/4', { method: 'PUT', token, body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: true });
    expect((await call(sb, 'users/4', { token })).body.data).toMatchObject({ name: 'Thomas', status: 'disabled' });
    expect((await call(sb, 'users/4', { method: 'PUT', token, body: { ...body, status: 'deleted' } })).status).toBe(200);
    expect((await call(sb, 'users/4', { token })).body.data.status).toBe('deleted');
    expect((await call(sb, 'users/4', { method: 'PUT', token, body: { ...body, status: 'active' } })).status).toBe(200);
    expect((await call(sb, 'users/4', { token })).body.data.status).toBe('active');

    const bad = await call(sb, 'users/4', {
      method: 'PUT',
      token,
      body: { name: 'T', surname: 'B', phone: '+4917612345678', status: 'gone' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.email).toEqual(['The email field is required.']);
    expect(bad.body.errors.status).toEqual(['The selected status is invalid.']);
    const taken = await call(sb, 'users/4', { method: 'PUT', token, body: { ...body, email: 'ana.novak@example.com' } });
    expect(taken.status).toBe(422);
    expect(taken.body.errors.email).toEqual(['The email has already been taken.']);
  });

  it('answers 404 {status:false} for an unknown user on every user route', async () => {
    for (const path of [
      'users/999',
      'users/abc',
      'users/999/bank-accounts',
      'users/999/balances?currency_code=eur',
      'users/999/transactions',
      'users/999/deposit-instructions',
    ]) {
      const res = await call(sb, path, { token });
      expect(res.status, path).toBe(404);
      expect(res.body.status).toBe(false);
      expect(res.body.message).toBe('User not found.');
    }
    const put = await call(sb, 'users/999', { method: 'PUT', token, body: {} });
    expect(put.status).toBe(404);
    expect((await call(sb, 'users/999/buy', { token, body: { amount: '10.00', pair: 'btceur', idempotency_key: 'z' } })).status).toBe(404);
  });

  it('KYC import: not_started → pending → verified after the KYC delay', async () => {
    const created = await call(sb, 'users', {
      token,
      body: { email: 'kyc.ok@example.com', name: 'K', surname: 'Y', phone: '+38640999001' },
    });
    const id = created.body.data.id as number;
    const res = await call(sb, `users/${id}/kyc-import`, { token, body: { token: 'vYbFMO08Pjt3GSXDy6opuhE8Q50gw3Uf3QBroAC7ns' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: true });
    expect((await call(sb, `users/${id}`, { token })).body.data.kyc_status).toBe('pending');
    await advance(sb, 59);
    expect((await call(sb, `users/${id}`, { token })).body.data.kyc_status).toBe('pending');
    await advance(sb, 2);
    expect((await call(sb, `users/${id}`, { token })).body.data.kyc_status).toBe('verified');
    const again = await call(sb, `users/${id}/kyc-import`, { token, body: { token: 'x' } });
    expect(again.status).toBe(422);
    expect(again.body.errors.token[0]).toMatch(/already verified/);
  });

  it.each([
    ['declined-abc', 'declined'],
    ['failed-abc', 'failed'],
  ])('KYC token %s ends %s', async (kycToken, outcome) => {
    const created = await call(sb, 'users', {
      token,
      body: { email: `kyc.${outcome}@example.com`, name: 'K', surname: 'Y', phone: '+38640999002' },
    });
    const id = created.body.data.id as number;
    expect((await call(sb, `users/${id}/kyc-import`, { base: '/api/v1/partners', token, body: { token: kycToken } })).status).toBe(200);
    expect(userIn(await dump(sb), id).kyc_status).toBe('pending');
    await advance(sb, 61);
    expect((await call(sb, `users/${id}`, { token })).body.data.kyc_status).toBe(outcome);
  });

  it('KYC import needs a token and an active user', async () => {
    const missing = await call(sb, 'users/4/kyc-import', { token, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.token).toEqual(['The token field is required.']);
    for (const id of [7, 8]) {
      const res = await call(sb, `users/${id}/kyc-import`, { token, body: { token: 'abc' } });
      expect(res.status).toBe(422);
      expect(res.body.errors.user[0]).toMatch(/disabled|deleted/);
    }
  });

  it.each(BASES)('gives deposit instructions under %s', async (base) => {
    const res = await call(sb, 'users/2/deposit-instructions', { base, token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: true,
      data: {
        iban: 'SI56 6000 0000 0858 521',
        bank_name: 'LON d.d.',
        bank_address: 'Žanova ulica 3, 4000 Kranj, Slovenia',
        recipient_name: 'KRIPTOMAT OÜ',
        recipient_address: 'Roosikrantsi 2, 10119 Tallinn, Estonia',
        swift_bic: 'HLONSI22',
      },
    });
  });
});
