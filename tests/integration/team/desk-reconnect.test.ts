// Two desks on one team database when B's live-update listener loses its
// connection: what A did meanwhile was notified to nobody, and B still shows it
// once its listener is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { DevCluster } from '../../../main/team/dev-cluster';
import type { OrderView } from '../../../shared/desk-api';
import { isFinalOrderState } from '../../../shared/order-states';
import { eventually, type DeskHarness } from '../services/harness';
import { startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)

describe.skipIf(noPostgres)('two desks when a listener reconnects', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let bob: { name: string; url: string };
  let sandbox: RunningSandbox;
  let a: DeskHarness;
  let b: DeskHarness;
  let profileA: string;

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    const alice = await addLogin(cluster, adminUrl, 'alice', 'operator');
    bob = await addLogin(cluster, adminUrl, 'bob', 'operator');
    sandbox = await startSandbox({ seed: 7 });
    ({ h: a, profileId: profileA } = await startTeamDesk(sandbox, alice.url));
    ({ h: b } = await startTeamDesk(sandbox, bob.url));
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  /** As the superuser on the team database. */
  const admin = <T>(sql: string, params: unknown[] = []): Promise<T[]> => withClient(adminUrl, async (c) => (await c.query(sql, params)).rows as T[]);

  it('an order A placed and settled while B was not listening shows on B, in its last state, once B listens again', async () => {
    // B's listener is the connection whose last statement was LISTEN (or its heartbeat).
    const listeners = await admin<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE usename = $1 AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')",
      [bob.name],
    );
    expect(listeners).toHaveLength(1);
    // The gap: B may not log in again until A is done, so its listener keeps retrying.
    await admin(`ALTER ROLE ${bob.name} NOLOGIN`);
    await admin('SELECT pg_terminate_backend($1)', [listeners[0]!.pid]);
    try {
      const placed = await a.call('orders.place', { profileId: profileA, userId: ANA, side: 'buy', pair: 'btceur', amount: '23.00' });
      const lastOnA = (): OrderView | undefined => a.eventsNamed('orders.updated').filter((o) => o.id === placed.id).at(-1);
      // A sees it through to its final state, so nothing A does later notifies B.
      await eventually(() => {
        const state = lastOnA()?.state;
        return state !== undefined && isFinalOrderState(state);
      }, 15_000);
      // Nothing reached B: its listener is away.
      expect(b.eventsNamed('orders.updated').filter((o) => o.id === placed.id)).toEqual([]);

      await admin(`ALTER ROLE ${bob.name} LOGIN`);
      const onB = await eventually(() => b.eventsNamed('orders.updated').find((o) => o.id === placed.id), 15_000, 20);
      const onA = lastOnA()!;
      expect(onB).toMatchObject({ kind: 'buy', pair: 'btceur', amount: '23.00', userId: ANA, state: onA.state, transactionId: onA.transactionId });
    } finally {
      await admin(`ALTER ROLE ${bob.name} LOGIN`);
    }
  });
});
