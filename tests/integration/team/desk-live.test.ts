// Live updates between two desks (two createDesk in one process) on one team
// database and one sandbox: what A writes, B emits as the desk events its
// renderer already handles, without B reading again — users, orders and their
// states, and a transaction sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import type { OrderView } from '../../../shared/desk-api';
import { eventually, type DeskHarness } from '../services/harness';
import { startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)
/** The issue: "within a second". A deadline, not a measurement. */
const LIVE_MS = 1_000;

describe.skipIf(noPostgres)('live updates between two desks', () => {
  let cluster: DevCluster;
  let sandbox: RunningSandbox;
  let a: DeskHarness;
  let b: DeskHarness;
  let profileA: string;

  beforeAll(async () => {
    cluster = await startCluster();
    const adminUrl = await freshDatabase(cluster);
    const alice = await addLogin(cluster, adminUrl, 'alice', 'operator');
    const bob = await addLogin(cluster, adminUrl, 'bob', 'operator');
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

  it('a user created on A: B emits users.updated for it within a second', async () => {
    const created = await a.call('users.create', {
      email: 'live.member@example.com',
      name: 'Live',
      surname: 'Member',
      phone: '+38640000021',
    });
    const seen = await eventually(() => b.eventsNamed('users.updated').find((u) => u.id === created.id), LIVE_MS, 20);
    expect(seen).toMatchObject({ id: created.id, email: 'live.member@example.com' });
  });

  it('an order placed on A: B emits orders.updated for it, up to the state A ends with', async () => {
    const placed = await a.call('orders.place', { profileId: profileA, userId: ANA, side: 'buy', pair: 'btceur', amount: '22.00' });
    const first = await eventually(() => b.eventsNamed('orders.updated').find((o) => o.id === placed.id), LIVE_MS, 20);
    expect(first).toMatchObject({ kind: 'buy', pair: 'btceur', amount: '22.00', userId: ANA });
    // A moves the row on (accepted, then its final state): B follows without reading again.
    const lastOnA = (): OrderView | undefined =>
      a
        .eventsNamed('orders.updated')
        .filter((o) => o.id === placed.id)
        .at(-1);
    await eventually(() => lastOnA()?.transactionId, 10_000);
    await eventually(() => {
      const onA = lastOnA();
      const onB = b
        .eventsNamed('orders.updated')
        .filter((o) => o.id === placed.id)
        .at(-1);
      return onA && onB && onB.state === onA.state && onB.transactionId === onA.transactionId && onB.updatedAtMs === onA.updatedAtMs;
    }, 10_000);
    // B's events never go back in time.
    const times = b
      .eventsNamed('orders.updated')
      .filter((o) => o.id === placed.id)
      .map((o) => o.updatedAtMs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('a sync on A makes B reload its transactions', async () => {
    const before = b.eventsNamed('transactions.syncProgress').filter((p) => p.phase === 'done').length;
    await a.call('transactions.sync', { full: true });
    await eventually(() => b.eventsNamed('transactions.syncProgress').filter((p) => p.phase === 'done').length > before, 5_000, 20);
  });
});
