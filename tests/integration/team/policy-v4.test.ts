// Migration 4 on a real PostgreSQL: the rate move percent (default 2.00, admins
// only) and bank accounts as the team first saw them (the database's clock and
// login, never changed by a later sighting or by a client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { openTeamStore, type TeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

describe.skipIf(noPostgres)('team policy: rate move percent and bank accounts first seen', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let alice: { name: string; url: string };
  let boss: { name: string; url: string };
  let deskA: TeamStore;
  let admin: TeamStore;
  let env: string;

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    alice = await addLogin(cluster, adminUrl, 'alice', 'operator');
    boss = await addLogin(cluster, adminUrl, 'boss', 'admin');
    deskA = openTeamStore(alice.url);
    admin = openTeamStore(boss.url);
    env = await deskA.registerEnvironment('https://stagingapi.kminfra.net/v1', 42);
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await deskA?.close();
    await admin?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('knows its roles', async () => {
    expect(await deskA.roles()).toEqual({ approver: false, admin: false });
    expect(await admin.roles()).toEqual({ approver: true, admin: true });
  });

  it('lets only an admin set the rate move percent; a new policy row keeps no per-order limit', async () => {
    await expect(deskA.setRateMovePercent(env, '5')).rejects.toMatchObject({ kind: 'permission' });
    expect(await deskA.getPolicy(env)).toBeNull();
    expect(await admin.setRateMovePercent(env, '3.5')).toMatchObject({
      rateMovePercent: '3.50',
      perOrderLimitEur: null,
      updatedBy: boss.name,
    });
    expect(await admin.setPolicy(env, { perOrderLimitEur: '900' })).toMatchObject({ rateMovePercent: '3.50', perOrderLimitEur: '900.00' });
    await expect(admin.setRateMovePercent(env, '100')).rejects.toMatchObject({ kind: 'invalid' });
  });

  it("notes a bank account once, team-wide, in the database's clock and the noting login's name", async () => {
    const first = await deskA.noteBankAccounts(env, 7, [70, 71], 'listed');
    expect([...first.keys()].sort()).toEqual([70, 71]);
    const again = await admin.noteBankAccounts(env, 7, [71, 72], 'added');
    expect(again.get(71)!.firstSeenAtMs).toBe(first.get(71)!.firstSeenAtMs);
    expect(again.get(71)!.ageHours).toBeGreaterThanOrEqual(0);
    const rows = await withClient(
      adminUrl,
      async (c) =>
        (
          await c.query<{ id: number; by: string; source: string }>(
            'SELECT bank_account_id::int AS id, first_seen_by AS by, source FROM desk.bank_accounts_seen ORDER BY 1',
          )
        ).rows,
    );
    expect(rows).toEqual([
      { id: 70, by: alice.name, source: 'listed' },
      { id: 71, by: alice.name, source: 'listed' },
      { id: 72, by: boss.name, source: 'added' },
    ]);
  });

  it('refuses to move a first sighting: an operator may not update or delete one, nor choose its time or login', async () => {
    await withClient(alice.url, async (c) => {
      await expect(c.query("UPDATE desk.bank_accounts_seen SET first_seen_at = now() - interval '1 year'")).rejects.toMatchObject({
        code: '42501',
      });
      await expect(c.query('DELETE FROM desk.bank_accounts_seen')).rejects.toMatchObject({ code: '42501' });
      await c.query(
        "INSERT INTO desk.bank_accounts_seen (environment, user_id, bank_account_id, source, first_seen_at, first_seen_by) VALUES ($1, 8, 80, 'listed', now() - interval '1 year', 'someone')",
        [env],
      );
    });
    const seen = await deskA.noteBankAccounts(env, 8, [80], 'listed');
    expect(seen.get(80)!.ageHours).toBeLessThan(1);
    const by = await withClient(
      adminUrl,
      async (c) =>
        (await c.query<{ by: string }>('SELECT first_seen_by AS by FROM desk.bank_accounts_seen WHERE bank_account_id = 80')).rows[0]!.by,
    );
    expect(by).toBe(alice.name);
  });
});
