// Two desks on one team database when B's live-update listener loses its
// connection: what A did meanwhile was notified to nobody, and B still shows it
// once its listener is back.
import { describe, expect, it } from 'vitest';
import type { OrderView } from '../../../shared/desk-api';
import { isFinalOrderState } from '../../../shared/order-states';
import { eventually } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { noPostgres, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)

describe.skipIf(noPostgres)('two desks when a listener reconnects', () => {
  const t = useTwoTeamDesks();

  /** As the superuser on the team database. */
  const admin = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    withClient(t.adminUrl, async (c) => (await c.query(sql, params)).rows as T[]);

  it('an order A placed and settled while B was not listening shows on B, in its last state, once B listens again', async () => {
    // B's listener is the connection whose last statement was LISTEN (or its heartbeat).
    const listeners = await admin<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE usename = $1 AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')",
      [t.loginB.name],
    );
    expect(listeners).toHaveLength(1);
    // The gap: B may not log in again until A is done, so its listener keeps retrying.
    await admin(`ALTER ROLE ${t.loginB.name} NOLOGIN`);
    await admin('SELECT pg_terminate_backend($1)', [listeners[0]!.pid]);
    try {
      const placed = await t.a.call('orders.place', { profileId: t.profileA, userId: ANA, side: 'buy', pair: 'btceur', amount: '23.00' });
      const lastOnA = (): OrderView | undefined =>
        t.a
          .eventsNamed('orders.updated')
          .filter((o) => o.id === placed.id)
          .at(-1);
      // A sees it through to its final state, so nothing A does later notifies B.
      await eventually(() => {
        const state = lastOnA()?.state;
        return state !== undefined && isFinalOrderState(state);
      }, 15_000);
      // Nothing reached B: its listener is away.
      expect(t.b.eventsNamed('orders.updated').filter((o) => o.id === placed.id)).toEqual([]);

      await admin(`ALTER ROLE ${t.loginB.name} LOGIN`);
      const onB = await eventually(() => t.b.eventsNamed('orders.updated').find((o) => o.id === placed.id), 15_000, 20);
      const onA = lastOnA()!;
      expect(onB).toMatchObject({
        kind: 'buy',
        pair: 'btceur',
        amount: '23.00',
        userId: ANA,
        state: onA.state,
        transactionId: onA.transactionId,
      });
    } finally {
      await admin(`ALTER ROLE ${t.loginB.name} LOGIN`);
    }
  });
});
