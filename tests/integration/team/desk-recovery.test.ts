// The team database stopped in the middle of a session and started again: while
// it is away the desk says so, refuses what must be journaled and still reads
// from Kriptomat, and nothing is half-written; once it is back the desk finds it
// by itself, the refused order goes through exactly once, and live updates
// between the desks resume.
import { describe, expect, it } from 'vitest';
import { eventually } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { noPostgres, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)
const ORDER = { userId: ANA, side: 'buy', pair: 'btceur', amount: '24.00' } as const;

describe.skipIf(noPostgres)('two desks when the team database goes away and comes back', () => {
  const t = useTwoTeamDesks();

  const orderRows = (): Promise<number> =>
    withClient(t.adminUrl, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM desk.orders')).rows[0]!.n);
  const userRows = (): Promise<number> =>
    withClient(t.adminUrl, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM desk.users')).rows[0]!.n);

  it('away: says so, refuses the order and a new user, reads users from Kriptomat, writes nothing; back: the order goes through once and B sees it', async () => {
    // Both desks have used the database (pool connections and listeners are open) before it goes.
    await t.a.call('users.create', { email: 'before.stop@example.com', name: 'Before', surname: 'Stop', phone: '+38640000041' });
    const ordersBefore = await orderRows();
    const usersBefore = await userRows();
    const sandboxBefore = await t.a.state();

    await t.cluster.pause();
    try {
      expect(await t.a.call('workspace.status', {})).toMatchObject({ kind: 'team', connected: false, operator: null });
      const refusals = [
        await t.a.fail('orders.place', { profileId: t.profileA, ...ORDER }),
        await t.a.fail('users.create', { email: 'during.stop@example.com', name: 'During', surname: 'Stop', phone: '+38640000042' }),
      ];
      for (const error of refusals) {
        expect(error.kind).toBe('network');
        expect(error.message).toMatch(/team database .* cannot be reached/);
        expect(error.message).toMatch(/refused until it is back/);
      }
      // Reading a user from Kriptomat still works.
      expect(await t.a.call('users.open', { userId: ANA })).toMatchObject({ id: ANA, name: 'Ana', surname: 'Novak' });
      // Nothing reached Kriptomat.
      const sandboxAway = await t.a.state();
      expect(sandboxAway.transactions).toHaveLength(sandboxBefore.transactions.length);
      expect(sandboxAway.users).toHaveLength(sandboxBefore.users.length);
    } finally {
      await t.cluster.resume();
    }

    // Nothing half-written in the database either.
    expect(await orderRows()).toBe(ordersBefore);
    expect(await userRows()).toBe(usersBefore);

    // The desk finds the database again by itself.
    await eventually(async () => (await t.a.call('workspace.status', {})).connected, 15_000);
    // B was not asked meanwhile: its listener told its renderer the database went and came back.
    await eventually(() => t.b.eventsNamed('workspace.changed').at(-1)?.connected === true, 15_000);
    expect(t.b.eventsNamed('workspace.changed').some((s) => !s.connected)).toBe(true);
    expect(await t.b.call('workspace.status', {})).toMatchObject({ connected: true });

    // The same order now goes through, exactly once.
    const placed = await t.a.call('orders.place', { profileId: t.profileA, ...ORDER });
    await eventually(() => t.a.eventsNamed('orders.updated').find((o) => o.id === placed.id && o.transactionId !== null), 15_000);
    expect(await orderRows()).toBe(ordersBefore + 1);
    const sandboxAfter = await t.a.state();
    const newTransactions = sandboxAfter.transactions.slice(sandboxBefore.transactions.length);
    expect(newTransactions).toHaveLength(1);
    expect(newTransactions[0]).toMatchObject({ user_id: ANA, pair: 'btceur' });

    // Live updates resumed: B shows A's order without reading again.
    const onB = await eventually(() => t.b.eventsNamed('orders.updated').find((o) => o.id === placed.id), 15_000, 20);
    expect(onB).toMatchObject({ amount: '24.00', userId: ANA });
    // And a user created on A after the restart shows on B.
    const created = await t.a.call('users.create', {
      email: 'after.restart@example.com',
      name: 'After',
      surname: 'Restart',
      phone: '+38640000043',
    });
    await eventually(() => t.b.eventsNamed('users.updated').find((u) => u.id === created.id), 5_000, 20);
  });
});
