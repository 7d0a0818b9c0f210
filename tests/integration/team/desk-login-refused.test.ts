// A desk whose team login stops being accepted while it works (the admin changed
// the password, or disabled the login): the live-update listener's connection was
// made before and lives on, so the listener alone would keep saying "connected"
// while every write failed. The pool's own failure makes the status "away", with
// the database's reason, at once; a login accepted again brings "connected" back.
import { describe, expect, it } from 'vitest';
import { eventually } from '../services/harness';
import { useOneTeamDesk } from './desk-support';
import { noPostgres, withClient } from './support';

const ANA = 1; // verified, active, rich (sandbox/seed.ts)

describe.skipIf(noPostgres)('a desk whose team login is refused while its listener stays connected', () => {
  const t = useOneTeamDesk('rita');

  /** As the superuser on the team database. */
  const admin = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    withClient(t.adminUrl, async (c) => (await c.query(sql, params)).rows as T[]);
  /** The listener is the login's connection whose last statement was LISTEN (or its heartbeat). */
  const listenerPids = async (): Promise<number[]> =>
    (
      await admin<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE usename = $1 AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')",
        [t.login.name],
      )
    ).map((r) => r.pid);

  it('says "login refused" with the database\'s reason, though the listener is still up, and "connected" once it is accepted again', async () => {
    await eventually(async () => (await listenerPids()).length === 1, 10_000);
    const [listener] = await listenerPids();
    expect(await t.h.call('workspace.status', {})).toMatchObject({ connected: true, operator: t.login.name, problem: null });

    // The admin disables the login; the pool's idle connections go (as after any restart of theirs), the listener's stays.
    await admin(`ALTER ROLE ${t.login.name} NOLOGIN`);
    try {
      await admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> $2', [t.login.name, listener]);
      const before = await t.h.state();

      // An order is refused with the database's words, and nothing reaches Kriptomat.
      const refusal = await eventually(async () => {
        const error = await t.h.fail('orders.place', { profileId: t.profileId, userId: ANA, side: 'buy', pair: 'btceur', amount: '20.00' });
        return /refused the login/.test(error.message) ? error : undefined;
      }, 10_000);
      expect(refusal.message).toMatch(new RegExp(`The team database at ${t.login.name}@.* refused the login: .*not permitted to log in`));
      expect((await t.h.state()).transactions).toHaveLength(before.transactions.length);

      // Told at once, and answered so on asking, while the listener is still connected.
      const refused = {
        kind: 'team',
        connected: false,
        operator: null,
        problem: { kind: 'login-refused', message: expect.stringMatching(/refused the login/) },
      };
      expect(t.h.eventsNamed('workspace.changed').at(-1)).toMatchObject(refused);
      const status = await t.h.call('workspace.status', {});
      expect(status).toMatchObject(refused);
      // The order's refusal gives the same reason, and what waits for the database.
      expect(refusal.message).toContain(status.problem!.message);
      expect(refusal.message).toMatch(/refused until it is back/);
      expect(await listenerPids()).toEqual([listener]);
      expect(JSON.stringify(t.h.eventsNamed('workspace.changed'))).not.toMatch(/pw-|password=/);
    } finally {
      await admin(`ALTER ROLE ${t.login.name} LOGIN`);
    }

    // Accepted again: the next poll gets through and says so, and the order goes.
    expect(await t.h.call('workspace.status', {})).toMatchObject({ connected: true, operator: t.login.name, problem: null });
    expect(t.h.eventsNamed('workspace.changed').at(-1)).toMatchObject({ connected: true, operator: t.login.name, problem: null });
    const placed = await t.h.call('orders.place', { profileId: t.profileId, userId: ANA, side: 'buy', pair: 'btceur', amount: '20.00' });
    expect(placed.transactionId).not.toBeNull();
  });
});
