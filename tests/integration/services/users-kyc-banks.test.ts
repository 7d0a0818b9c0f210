// Users, KYC, bank accounts, deposit instructions, balances and transactions
// through the bridge, against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskHarness } from './harness';
import { eventually, startDesk } from './harness';

const ANA = 1;
const TOM = 4; // KYC not started

describe('users, KYC, banks, balances and transactions', () => {
  let h: DeskHarness;
  beforeAll(async () => {
    h = await startDesk();
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens a user by id and remembers it in the directory', async () => {
    const ana = await h.call('users.open', { userId: ANA });
    expect(ana).toMatchObject({ id: ANA, name: 'Ana', surname: 'Novak', kycStatus: 'verified', status: 'active' });
    expect(ana.fetchedAtMs).toBeGreaterThan(0);
    const found = await h.call('users.directory', { query: 'novak' });
    expect(found.map((u) => u.id)).toContain(ANA);
    expect((await h.fail('users.open', { userId: 999_999 })).kind).toBe('not_found');
  });

  it('creates a user (POST, then GET, then the directory) and updates it', async () => {
    const created = await h.call('users.create', {
      email: 'new.person@example.com',
      name: 'New',
      surname: 'Person',
      phone: '+38640000000',
    });
    expect(created).toMatchObject({ email: 'new.person@example.com', kycStatus: 'not_started', status: 'active' });
    expect((await h.call('users.directory', { query: 'new.person' })).map((u) => u.id)).toEqual([created.id]);
    const updated = await h.call('users.update', {
      userId: created.id,
      email: created.email,
      name: 'Newer',
      surname: 'Person',
      phone: '+38640000000',
      status: 'disabled',
    });
    expect(updated).toMatchObject({ user: { name: 'Newer', status: 'disabled' }, proposedForApproval: null });
    const audit = await h.call('audit.query', { filter: { action: 'user.create' }, limit: 5, offset: 0 });
    expect(audit.rows[0]).toMatchObject({ outcome: 'ok', summary: expect.stringContaining(`user ${created.id}`) });
  });

  it('refuses a duplicate e-mail with the API field message on the bridge field', async () => {
    const error = await h.fail('users.create', { email: 'new.person@example.com', name: 'A', surname: 'B', phone: '+38640000001' });
    expect(error.kind).toBe('validation');
    expect(error.fieldErrors?.email).toBeDefined();
  });

  it('imports KYC and follows it until it is no longer pending', { timeout: 20_000 }, async () => {
    const pending = await h.call('kyc.import', { userId: TOM, token: '_act-secret-share-token' });
    expect(pending.kycStatus).toBe('pending');
    await h.advanceSandbox(61); // past the sandbox's KYC delay
    const verified = await eventually(() => h.eventsNamed('users.updated').find((u) => u.id === TOM && u.kycStatus === 'verified'));
    expect(verified.status).toBe('active');
    const audit = await h.call('audit.exportCsv', { filter: { action: 'kyc.import' } });
    expect(audit.rows).toBe(1);
    expect(audit.csv).not.toContain('_act-secret-share-token');
    expect((await h.call('users.directory', {})).find((u) => u.id === TOM)?.kycStatus).toBe('verified');
  });

  it('checks an IBAN before sending it, then adds, lists, views and removes bank accounts', async () => {
    const before = await h.state();
    const bad = await h.fail('banks.add', { userId: TOM, iban: 'DE68500105171556714724' });
    expect(bad).toMatchObject({ kind: 'validation', fieldErrors: { iban: [expect.stringContaining('check digits')] } });
    const short = await h.fail('banks.add', { userId: TOM, iban: 'DE685001' });
    expect(short.fieldErrors?.iban).toBeDefined();
    const after = await h.state();
    expect(after.users.find((u) => u.id === TOM)).toEqual(before.users.find((u) => u.id === TOM));

    const { accounts: list, proposedForApproval } = await h.call('banks.add', { userId: TOM, iban: 'si56 2633 0001 2039 086' });
    expect(proposedForApproval).toBeNull();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ iban: 'SI56263300012039086' });
    const view = await h.call('banks.view', { userId: TOM, bankId: list[0]!.id });
    expect(view).toEqual(list[0]);
    expect(await h.call('banks.remove', { userId: TOM, bankId: list[0]!.id })).toEqual([]);
    const audit = await h.call('audit.query', { filter: { action: 'bank.add' }, limit: 5, offset: 0 });
    expect(audit.rows[0]?.summary).toContain('SI…9086');
  });

  it('shows deposit instructions', async () => {
    expect(await h.call('deposit.instructions', { userId: ANA })).toMatchObject({ recipientName: 'KRIPTOMAT OÜ', swiftBic: 'HLONSI22' });
  });

  it('fetches user balances in EUR and every currency, valued at price_sell', async () => {
    const balances = await h.call('balances.user', { userId: ANA });
    expect(balances.map((b) => b.currency)).toEqual(['eur', 'btc', 'eth', 'xrp']);
    const dump = await h.state();
    const ana = dump.users.find((u) => u.id === ANA)!;
    for (const b of balances) {
      expect(Number(b.balance)).toBeCloseTo(Number(ana.balances[b.currency] ?? 0), 8);
      expect(b.eurValue).toMatch(/^\d+\.\d{2}$/);
    }
  });

  it('syncs transactions incrementally, discovers users, and queries, exports and shows them', async () => {
    const first = await h.call('transactions.sync', {});
    const dump = await h.state();
    expect(first.totalCached).toBe(dump.transactions.length);
    expect(first.newTransactions).toBe(dump.transactions.length);
    const progress = h.eventsNamed('transactions.syncProgress');
    expect(progress.at(-1)).toMatchObject({ phase: 'done' });
    const again = await h.call('transactions.sync', {});
    expect(again).toMatchObject({ fetchedPages: 1, newTransactions: 0 });
    const full = await h.call('transactions.sync', { full: true });
    expect(full.fetchedPages).toBe(Math.ceil(dump.transactions.length / 8));

    const directory = await h.call('users.directory', {});
    expect(directory.map((u) => u.id)).toEqual(expect.arrayContaining([1, 2, 7, 8, 9, 10]));

    const page = await h.call('transactions.query', {
      filter: { userId: ANA },
      sort: { column: 'id', direction: 'asc' },
      limit: 5,
      offset: 0,
    });
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBe(dump.transactions.filter((t) => t.user_id === ANA).length);
    expect(page.rows.map((r) => r.id)).toEqual([...page.rows.map((r) => r.id)].sort((a, b) => a - b));
    const csv = await h.call('transactions.exportCsv', { filter: { userId: ANA } });
    expect(csv.rows).toBe(page.total);
    expect(csv.csv.split('\r\n')[0]).toBe('id,user_id,type,amount,pair,price,date,state,fee,subtotal,total');
    expect(csv.filename).toMatch(/\.csv$/);

    const one = await h.call('transactions.show', { userId: ANA, transactionId: page.rows[0]!.id });
    expect(one).toEqual(page.rows[0]);
    const forUser = await h.call('transactions.forUser', { userId: ANA, page: 1 });
    expect(forUser.rows.length).toBeGreaterThan(0);
    expect(forUser.total).toBe(page.total);
  });
});
