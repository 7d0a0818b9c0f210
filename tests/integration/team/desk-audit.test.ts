// The team's audit trail through the desk: what desk A appends, desk B emits as
// `audit.appended` without reading again; `audit.verify` recomputes the hash
// chain and names a row a superuser rewrote; on the Local sandbox it refuses, saying
// the desk's own trail has no chain. The tests run in order: the chain is broken
// on purpose near the end.
import { describe, expect, it } from 'vitest';
import { AUDIT_NOT_CHAINED_WORDS } from '../../../shared/audit-actions';
import { eventually } from '../services/harness';
import { nextTotpStep, useTwoTeamDesks } from './desk-support';
import { noPostgres, withClient } from './support';

/** The issue: "within a second". A deadline, not a measurement. */
const LIVE_MS = 1_000;

describe.skipIf(noPostgres)('the team audit trail through the desk', () => {
  const t = useTwoTeamDesks();

  /** As the superuser, with the append-only triggers switched off for the session. */
  function tamper(sql: string, params: unknown[]): Promise<unknown> {
    return withClient(t.adminUrl, async (c) => {
      await c.query('SET session_replication_role = replica');
      return c.query(sql, params);
    });
  }

  it('an entry written on A: B emits audit.appended for it within a second', async () => {
    await t.a.call('users.create', { email: 'audit.live@example.com', name: 'Audit', surname: 'Live', phone: '+38640000032' });
    const seen = await eventually(
      () => t.b.eventsNamed('audit.appended').find((e) => e.action === 'user.create' && e.summary.includes('audit.live@example.com')),
      LIVE_MS,
      20,
    );
    // Read back from the database: the operator is A's login, the environment B's active profile (the same one).
    expect(seen).toMatchObject({ osUser: t.loginA.name, outcome: 'ok', profileId: t.profileB });
    const onA = (await t.a.call('audit.query', { filter: { action: 'user.create' }, limit: 1, offset: 0 })).rows[0];
    expect(seen.id).toBe(onA!.id);
  });

  it('verifies an intact trail, with its row count and head hash, and records that it did', async () => {
    await t.a.call('users.create', { email: 'audit.verify@example.com', name: 'Audit', surname: 'Verify', phone: '+38640000031' });
    // What the database holds, read as the superuser: the row count and the newest row's hash.
    const { n, head } = await withClient(
      t.adminUrl,
      async (c) =>
        (
          await c.query<{ n: string; head: string }>(
            "SELECT (SELECT count(*) FROM desk.audit_log)::text AS n, encode(hash, 'hex') AS head FROM desk.audit_log ORDER BY id DESC LIMIT 1",
          )
        ).rows[0]!,
    );

    const view = await t.a.call('audit.verify', {});
    expect(view).toMatchObject({ chained: true, intact: true, rowsChecked: Number(n), headHash: head });
    expect(view.firstBroken).toBeUndefined();
    expect(view.message).toMatch(/intact/);

    // The check is itself on the trail, as the database login, after the rows it checked.
    const { rows: entries } = await t.a.call('audit.query', { filter: { action: 'audit.verify' }, limit: 5, offset: 0 });
    expect(entries[0]).toMatchObject({ osUser: t.loginA.name, outcome: 'ok' });
    expect(entries[0]!.summary).toContain(head);
    expect(await t.a.call('audit.verify', {})).toMatchObject({ intact: true, rowsChecked: Number(n) + 1 });
  });

  it('names the row a superuser changed with the triggers switched off, and when it was written', async () => {
    const { rows } = await t.a.call('audit.query', { filter: { action: 'user.create' }, limit: 1, offset: 0 });
    const target = rows[0]!;
    await tamper('UPDATE desk.audit_log SET summary = $1 WHERE id = $2', ['Nothing happened here', target.id]);

    const view = await t.a.call('audit.verify', {});
    expect(view).toMatchObject({ chained: true, intact: false, rowsChecked: target.id - 1, headHash: null });
    expect(view.firstBroken).toMatchObject({ id: target.id, atMs: target.atMs });
    expect(view.firstBroken!.why).toMatch(new RegExp(`row ${target.id} was changed`));
    expect(view.message).toMatch(new RegExp(`broken at row ${target.id}`));

    const { rows: failed } = await t.a.call('audit.query', { filter: { action: 'audit.verify', outcome: 'error' }, limit: 1, offset: 0 });
    expect(failed[0]!.summary).toContain(`broken at row ${target.id}`);
  });

  it('names the first missing row when a superuser deletes one', async () => {
    // Row 1 comes before the row changed above, so it is the first one found.
    await tamper('DELETE FROM desk.audit_log WHERE id = 1', []);
    const view = await t.a.call('audit.verify', {});
    expect(view).toMatchObject({ intact: false, rowsChecked: 0, firstBroken: { id: 1, atMs: null } });
    expect(view.firstBroken!.why).toMatch(/row 1 is missing/);
  });

  it("on the Local sandbox refuses to verify, saying the desk's own trail has no chain, and records no check", async () => {
    await nextTotpStep(t.sandbox);
    await t.a.call('profiles.select', { profileId: 'local-sandbox' });
    expect(await t.a.fail('audit.verify', {})).toEqual({ kind: 'forbidden', message: AUDIT_NOT_CHAINED_WORDS });
    // Nothing was checked, so the desk's own trail has no verification in it.
    const { rows } = await t.a.call('audit.query', { filter: { action: 'audit.verify' }, limit: 5, offset: 0 });
    expect(rows).toEqual([]);
  });
});
