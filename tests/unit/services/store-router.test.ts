// The Team workspace's per-profile router: shared profiles' data goes to the team
// store, the Local sandbox's to the desk's own; a journal row named by key goes
// back to the store it came from; the audit view is the active profile's store's.
import { describe, expect, it } from 'vitest';
import { createStoreRouter } from '../../../main/store/router';
import type { JournalApprovals, JournalLeases, JournalRow } from '../../../main/store/port';
import { MemoryStore } from './memory-store';

const LOCAL = 'local-sandbox';
const STAGING = 'staging';

function setup() {
  const local = new MemoryStore();
  const team = new MemoryStore();
  let active = STAGING;
  const router = createStoreRouter({ local, team, isShared: (p) => p !== LOCAL, activeProfileId: () => active });
  return { local, team, router, switchTo: (p: string) => (active = p) };
}

const user = (id: number) => ({
  id,
  email: `u${id}@example.com`,
  name: 'N',
  surname: 'S',
  phone: '',
  status: 'active',
  kycStatus: 'verified',
  dateOfBirth: null,
  address: null,
  city: null,
  postalCode: null,
  country: null,
  fetchedAtMs: 1,
});

describe('createStoreRouter', () => {
  it('keeps each profile in its own store', async () => {
    const { local, team, router } = setup();
    await router.saveUser(STAGING, user(1));
    await router.saveUser(LOCAL, user(2));
    expect([...team.users.keys()]).toEqual(['staging:1']);
    expect([...local.users.keys()]).toEqual(['local-sandbox:2']);
    expect((await router.searchUsers(LOCAL, undefined)).map((u) => u.id)).toEqual([2]);
  });

  it('sends a transition by key to the store the row came from, whichever profile is active', async () => {
    const { local, team, router, switchTo } = setup();
    const shared = await router.beginOrder({
      profileId: STAGING,
      userId: 1,
      kind: 'buy',
      pair: 'btceur',
      amount: '20',
      idempotencyKey: 'team-key',
    });
    const own = await router.beginOrder({
      profileId: LOCAL,
      userId: 1,
      kind: 'buy',
      pair: 'btceur',
      amount: '20',
      idempotencyKey: 'local-key',
    });
    switchTo(LOCAL);
    await router.markOrderAccepted(shared.idempotencyKey, 7);
    switchTo(STAGING);
    await router.markOrderFailed(own.idempotencyKey, 'refused');
    expect(team.orders.get('team-key')?.state).toBe('accepted');
    expect(local.orders.get('local-key')?.state).toBe('failed');
  });

  it("remembers the stores of the latest rows only, and finds a forgotten row's store in the desk's own journal", async () => {
    const local = new MemoryStore();
    const team = new MemoryStore();
    const lookups: string[] = [];
    const hasOrderKey = local.hasOrderKey.bind(local);
    local.hasOrderKey = async (key) => {
      lookups.push(key);
      return hasOrderKey(key);
    };
    let active = LOCAL;
    const router = createStoreRouter({ local, team, isShared: (p) => p !== LOCAL, activeProfileId: () => active, remembered: 2 });
    const order = (profileId: string, idempotencyKey: string) =>
      router.beginOrder({ profileId, userId: 1, kind: 'buy', pair: 'btceur', amount: '20', idempotencyKey });
    await order(STAGING, 'team-old');
    await order(LOCAL, 'local-old');
    await order(STAGING, 'team-2');
    await order(STAGING, 'team-3');

    // Remembered: no lookup.
    await router.markOrderAccepted('team-3', 3);
    expect(lookups).toEqual([]);
    // Forgotten, with the Local sandbox active: not in the desk's own journal, so the team's.
    await router.markOrderAccepted('team-old', 1);
    expect(team.orders.get('team-old')?.state).toBe('accepted');
    // Forgotten, with a shared profile active: found in the desk's own journal.
    active = STAGING;
    await router.markOrderFailed('local-old', 'refused');
    expect(local.orders.get('local-old')?.state).toBe('failed');
    expect(lookups).toEqual(['team-old', 'local-old']);
    // A row looked up is remembered again.
    await router.markOrderFinal('local-old', 'failed');
    expect(lookups).toEqual(['team-old', 'local-old']);
    // Listing many rows keeps no more than the bound: the first of them is looked up again.
    const listed = [];
    for (let i = 0; i < 5; i++)
      listed.push(
        await team.beginOrder({ profileId: STAGING, userId: 1, kind: 'buy', pair: 'btceur', amount: '20', idempotencyKey: `listed-${i}` }),
      );
    await router.pendingSends(STAGING);
    await router.markOrderAccepted('listed-4', 9);
    expect(lookups).toHaveLength(2);
    await router.markOrderAccepted('listed-0', 9);
    expect(lookups.at(-1)).toBe('listed-0');
    expect(team.orders.get('listed-0')?.state).toBe('accepted');
  });

  it("without a lookup in the desk's own store, a row it does not remember goes to the active profile's store", async () => {
    const local = new MemoryStore();
    const team = new MemoryStore();
    Object.assign(local, { hasOrderKey: undefined });
    const router = createStoreRouter({ local, team, isShared: (p) => p !== LOCAL, activeProfileId: () => LOCAL, remembered: 1 });
    await local.beginOrder({ profileId: LOCAL, userId: 1, kind: 'buy', pair: 'btceur', amount: '20', idempotencyKey: 'unseen' });
    await router.markOrderFailed('unseen', 'refused');
    expect(local.orders.get('unseen')?.state).toBe('failed');
  });

  it("writes audit entries where their profile lives and shows the active profile's trail", async () => {
    const { router, switchTo } = setup();
    const entry = { atMs: 1, osUser: 'op', action: 'login', summary: '', outcome: 'ok' as const };
    await router.appendAudit({ ...entry, profileId: STAGING, summary: 'team' });
    await router.appendAudit({ ...entry, profileId: LOCAL, summary: 'own' });
    expect((await router.queryAudit({}, 10, 0)).rows.map((r) => r.summary)).toEqual(['team']);
    switchTo(LOCAL);
    expect((await router.queryAudit({}, 10, 0)).rows.map((r) => r.summary)).toEqual(['own']);
  });

  it('leases and the writable check apply to shared profiles only', async () => {
    const { local, team } = setup();
    const claimed: JournalRow[] = [];
    const leases: JournalLeases = { shared: () => true, claim: async () => claimed.shift() ?? null, hold: async () => true };
    const away = Object.assign(team, { leases, writable: async () => Promise.reject(new Error('away')) });
    const router = createStoreRouter({ local, team: away, isShared: (p) => p !== LOCAL, activeProfileId: () => STAGING });
    expect(router.leases?.shared(STAGING)).toBe(true);
    expect(router.leases?.shared(LOCAL)).toBe(false);
    await expect(router.writable?.(STAGING)).rejects.toThrow('away');
    await expect(router.writable?.(LOCAL)).resolves.toBeUndefined();
    // Without team leases (a store only this desk writes) the router has none either.
    expect(
      createStoreRouter({ local, team: new MemoryStore(), isShared: () => true, activeProfileId: () => STAGING }).leases,
    ).toBeUndefined();
  });

  it("verifies and follows the active profile's trail: the team's chain on a shared profile, none on the Local sandbox", async () => {
    const { team, router, switchTo } = setup();
    const intact = { intact: true as const, rows: 3, headHash: 'ab' };
    Object.assign(team, {
      verifyAudit: async () => intact,
      auditEntry: async (id: number) => ({
        id,
        atMs: 1,
        osUser: 'bob',
        profileId: STAGING,
        action: 'login',
        summary: '',
        outcome: 'ok' as const,
      }),
    });
    expect(await router.verifyAudit?.()).toEqual(intact);
    expect(await router.auditEntry?.(4)).toMatchObject({ id: 4, osUser: 'bob' });
    switchTo(LOCAL);
    expect(await router.verifyAudit?.()).toBeNull();
    expect(await router.auditEntry?.(4)).toBeNull();
  });

  it("answers the team's per-order limit for shared profiles only, and refuses to set one for the Local sandbox", async () => {
    const { team, router } = setup();
    const limit = { perOrderLimitEur: '100.00', setBy: 'admin', setAtMs: 5 };
    Object.assign(team, { sharedLimit: async () => limit, setSharedLimit: async () => limit });
    expect(await router.sharedLimit?.(STAGING)).toEqual(limit);
    expect(await router.sharedLimit?.(LOCAL)).toBeNull();
    expect(await router.setSharedLimit?.(STAGING, '100.00')).toEqual(limit);
    await expect(router.setSharedLimit!(LOCAL, '100.00')).rejects.toThrow(/no team policy/);
  });

  it("offers the team's approvals for shared profiles only, and a proposal's row goes back to the team store by key", async () => {
    const { local } = setup();
    const team = new MemoryStore();
    const proposed: JournalRow = {
      ...(await team.beginOrder({
        profileId: STAGING,
        userId: 1,
        kind: 'buy',
        pair: 'btceur',
        amount: '150',
        idempotencyKey: 'proposal-key',
      })),
      state: 'awaiting_approval',
    };
    const approvals = { shared: () => true, propose: async () => proposed } as unknown as JournalApprovals;
    const router = createStoreRouter({
      local,
      team: Object.assign(team, { approvals }),
      isShared: (p) => p !== LOCAL,
      activeProfileId: () => LOCAL,
    });
    expect(router.approvals?.shared(STAGING)).toBe(true);
    expect(router.approvals?.shared(LOCAL)).toBe(false);
    await router.approvals!.propose({
      profileId: STAGING,
      userId: 1,
      kind: 'buy',
      pair: 'btceur',
      amount: '150',
      bankAccountId: null,
      rateAtProposal: '60000',
      bankAccountAgeHours: null,
    });
    // The Local sandbox is active, yet a transition of the proposal's row goes to the team store.
    await router.markOrderFailed('proposal-key', 'refused');
    expect(team.orders.get('proposal-key')?.state).toBe('failed');
    expect(
      createStoreRouter({ local, team: new MemoryStore(), isShared: () => true, activeProfileId: () => STAGING }).approvals,
    ).toBeUndefined();
  });

  it('closes both stores', async () => {
    const { local, team, router } = setup();
    await router.close();
    expect([local.closed, team.closed]).toEqual([true, true]);
  });
});
