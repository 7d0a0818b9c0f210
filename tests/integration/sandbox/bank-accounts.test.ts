// Bank accounts: add (mod-97 IBAN check), list, view, delete, and their refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { BASES, call, dump, login, start, userIn } from './helpers';

describe('bank accounts', () => {
  let sb: RunningSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await start();
    token = await login(sb);
  });
  afterAll(async () => {
    await sb.close();
  });

  it('lists the seeded accounts in the documented shape', async () => {
    const res = await call(sb, 'users/1/bank-accounts', { token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(true);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.data[0]).toEqual({
      id: 1,
      name: 'ING-DiBa',
      iban: 'DE68500105171556714723',
      swift_bic: 'INGDDEFF',
      reference_number: 'RF4524450001000001',
      state: 'verified',
    });
  });

  it.each(BASES)('adds, views and deletes an account under %s', async (base) => {
    const added = await call(sb, 'users/2/bank-accounts', { base, token, body: { iban: 'gb82 west 1234 5698 7654 32' } });
    expect(added.status).toBe(200);
    const { id, reference_number: ref } = added.body.data as { id: number; reference_number: string };
    expect(ref).toMatch(/^RF\d{2}\d+$/);
    const view = await call(sb, `users/2/bank-accounts/${id}`, { base, token });
    expect(view.status).toBe(200);
    expect(view.body.data).toMatchObject({ id, iban: 'GB82WEST12345698765432', reference_number: ref, state: 'verified' });
    expect(userIn(await dump(sb), 2).bank_accounts.map((b) => b.id)).toContain(id);
    const del = await call(sb, `users/2/bank-accounts/${id}`, { base, method: 'DELETE', token });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ status: true });
    expect((await call(sb, `users/2/bank-accounts/${id}`, { base, token })).status).toBe(404);
    expect(userIn(await dump(sb), 2).bank_accounts.map((b) => b.id)).not.toContain(id);
  });

  it('refuses an IBAN failing mod-97, a missing IBAN and a duplicate', async () => {
    for (const iban of ['DE89370400440532013001', 'GB82WEST12345698765431', 'XX', '']) {
      const res = await call(sb, 'users/1/bank-accounts', { token, body: { iban } });
      expect(res.status, iban).toBe(422);
      expect(res.body.errors.iban).toHaveLength(1);
    }
    const dup = await call(sb, 'users/1/bank-accounts', { token, body: { iban: 'DE68500105171556714723' } });
    expect(dup.status).toBe(422);
    expect(dup.body.errors.iban[0]).toMatch(/already/);
    expect(userIn(await dump(sb), 1).bank_accounts).toHaveLength(2);
  });

  it('refuses to add accounts for disabled or deleted users', async () => {
    for (const id of [7, 8]) {
      const res = await call(sb, `users/${id}/bank-accounts`, { token, body: { iban: 'NL91ABNA0417164300' } });
      expect(res.status).toBe(422);
      expect(res.body.errors.user).toEqual([`The user is ${id === 7 ? 'disabled' : 'deleted'}.`]);
    }
  });

  it('answers 404 for an unknown account or another user’s account', async () => {
    for (const path of ['users/1/bank-accounts/999', 'users/2/bank-accounts/1', 'users/1/bank-accounts/x']) {
      const res = await call(sb, path, { token });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ status: false, message: 'Bank account not found.' });
    }
    expect((await call(sb, 'users/2/bank-accounts/1', { method: 'DELETE', token })).status).toBe(404);
    expect(userIn(await dump(sb), 1).bank_accounts).toHaveLength(2);
  });
});
