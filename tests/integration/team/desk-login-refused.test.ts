// A desk whose team login stops being accepted while it works (the admin changed
// the password, or disabled the login): the live-update listener's connection was
// made before and lives on, so the listener alone would keep saying "connected"
// while every write failed. The pool's own failure makes the status "away", with
// the database's reason, at once; a login accepted again brings "connected" back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team/dev-cluster';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { eventually, type DeskHarness } from '../services/harness';
import { startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const ANA = 1; // verified, active, rich (sandbox/seed.ts)

describe.skipIf(noPostgres)('a desk whose team login is refused while its listener stays connected', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let sandbox: RunningSandbox;
  let h: DeskHarness;
  let profileId: string;
  let login: { name: string; url: string };

  /** As the superuser on the team database. */
  const admin = <T>(sql: string, params: unknown[] = []): Promise<T[]> => withClient(adminUrl, async (c) => (await c.query(sql, params)).rows as T[]);
  /** The listener is the login's connection whose last statement was LISTEN (or its heartbeat). */
  const listenerPids = async (): Promise<number[]> =>
    (await admin<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE usename = $1 AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')", [login.name])).map((r) => r.pid);

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    login = await addLogin(cluster, adminUrl, 'rita', 'operator');
    sandbox = await startSandbox({ seed: 7 });
    ({ h, profileId } = await startTeamDesk(sandbox, login.url));
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('says "login refused" with the database\'s reason, though the listener is still up, and "connected" once it is accepted again', async () => {
    await eventually(async () => (await listenerPids()).length === 1, 10_000);
    const [listener] = await listenerPids();
    expect(await h.call('workspace.status', {})).toMatchObject({ connected: true, operator: login.name, problem: null });

    // The admin disables the login; the pool's idle connections go (as after any restart of theirs), the listener's stays.
    await admin(`ALTER ROLE ${login.name} NOLOGIN`);
    try {
      await admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> $2", [login.name, listener]);
      const before = await h.state();

      // An order is refused with the database's words, and nothing reaches Kriptomat.
      const refusal = await eventually(async () => {
        const error = await h.fail('orders.place', { profileId, userId: ANA, side: 'buy', pair: 'btceur', amount: '20.00' });
        return /refused the login/.test(error.message) ? error : undefined;
      }, 10_000);
      expect(refusal.message).toMatch(new RegExp(`The team database at ${login.name}@.* refused the login: .*not permitted to log in`));
      expect((await h.state()).transactions).toHaveLength(before.transactions.length);

      // Told at once, and answered so on asking, while the listener is still connected.
      const refused = { kind: 'team', connected: false, operator: null, problem: { kind: 'login-refused', message: expect.stringMatching(/refused the login/) } };
      expect(h.eventsNamed('workspace.changed').at(-1)).toMatchObject(refused);
      const status = await h.call('workspace.status', {});
      expect(status).toMatchObject(refused);
      // The order's refusal gives the same reason, and what waits for the database.
      expect(refusal.message).toContain(status.problem!.message);
      expect(refusal.message).toMatch(/refused until it is back/);
      expect(await listenerPids()).toEqual([listener]);
      expect(JSON.stringify(h.eventsNamed('workspace.changed'))).not.toMatch(/pw-|password=/);
    } finally {
      await admin(`ALTER ROLE ${login.name} LOGIN`);
    }

    // Accepted again: the next poll gets through and says so, and the order goes.
    expect(await h.call('workspace.status', {})).toMatchObject({ connected: true, operator: login.name, problem: null });
    expect(h.eventsNamed('workspace.changed').at(-1)).toMatchObject({ connected: true, operator: login.name, problem: null });
    const placed = await h.call('orders.place', { profileId, userId: ANA, side: 'buy', pair: 'btceur', amount: '20.00' });
    expect(placed.transactionId).not.toBeNull();
  });
});
