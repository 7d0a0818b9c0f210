// The team database stopped while a desk works on a shared profile: whatever the
// team must have a record of is refused with a clear message before anything
// reaches Kriptomat, and reading from Kriptomat still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { eventually, type DeskHarness } from '../services/harness';
import { startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster } from './support';

const ANA = 1; // verified, active, rich, with bank accounts (sandbox/seed.ts)

describe.skipIf(noPostgres)('desk in the Team workspace when the database is away', () => {
  let cluster: DevCluster;
  let sandbox: RunningSandbox;
  let h: DeskHarness;
  let profileId: string;
  let anaBank: number;

  beforeAll(async () => {
    cluster = await startCluster();
    const adminUrl = await freshDatabase(cluster);
    const alice = await addLogin(cluster, adminUrl, 'alice', 'operator');
    sandbox = await startSandbox({ seed: 7 });
    ({ h, profileId } = await startTeamDesk(sandbox, alice.url));
    // Works while the database is there.
    expect((await h.call('workspace.status', {})).connected).toBe(true);
    anaBank = (await h.call('banks.list', { userId: ANA }))[0]!.id;
    await cluster.stop();
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('says the database is not connected: told to the renderer as it happened (the listener lost it), and on asking', async () => {
    await eventually(() => h.eventsNamed('workspace.changed').at(-1)?.connected === false, 10_000);
    expect(h.eventsNamed('workspace.changed').at(-1)).toMatchObject({ kind: 'team', operator: null, connected: false });
    expect(await h.call('workspace.status', {})).toMatchObject({ kind: 'team', operator: null, connected: false });
  });

  it('refuses orders, withdrawals, new users and bank accounts with a clear message, sending nothing', async () => {
    const before = await h.state();
    const refusals = [
      await h.fail('orders.place', { profileId, userId: ANA, side: 'buy', pair: 'btceur', amount: '20.00' }),
      await h.fail('orders.withdraw', { profileId, userId: ANA, bankAccountId: anaBank, amount: '20.00' }),
      await h.fail('users.create', { email: 'while.away@example.com', name: 'While', surname: 'Away', phone: '+38640000011' }),
      await h.fail('banks.add', { userId: ANA, iban: 'SI56 1910 0000 0123 438' }),
      await h.fail('banks.remove', { userId: ANA, bankId: anaBank }),
    ];
    for (const error of refusals) {
      expect(error.kind).toBe('network');
      expect(error.message).toMatch(/team database .* cannot be reached/);
      expect(error.message).toMatch(/refused until it is back/);
      expect(error.message).not.toMatch(/pw-/);
    }
    const after = await h.state();
    expect(after.transactions).toHaveLength(before.transactions.length);
    expect(after.users).toHaveLength(before.users.length);
    expect((await h.call('banks.list', { userId: ANA })).map((b) => b.id)).toContain(anaBank);
  });

  it('still reads from Kriptomat', async () => {
    expect((await h.call('balances.user', { userId: ANA })).length).toBeGreaterThan(0);
    expect((await h.call('market.pairs', {})).length).toBeGreaterThan(0);
    expect((await h.call('banks.list', { userId: ANA })).length).toBeGreaterThan(0);
    // Opening a user reads Kriptomat; the directory cannot remember it now, and that does not hide the read.
    expect(await h.call('users.open', { userId: ANA })).toMatchObject({ id: ANA, name: 'Ana', surname: 'Novak' });
  });
});
