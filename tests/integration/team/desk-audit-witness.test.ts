// The audit witness through two desks on one team database: both have seen the
// trail's newest row (A by verifying, B by its live updates); a superuser deletes
// the newest rows, moves the chain head back and lets the desks chain new rows on.
// The chain holds together, yet A's `audit.verify` names the row it saw, and B is
// told live (`audit.trailBroken`). The tests run in order.
import { describe, expect, it } from 'vitest';
import { eventually } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { noPostgres, withClient } from './support';

/** A deadline for the live notice, not a measurement. */
const LIVE_MS = 5_000;

describe.skipIf(noPostgres)('the audit witness through the desk', () => {
  const t = useTwoTeamDesks();

  const hashOf = (id: number): Promise<string> =>
    withClient(
      t.adminUrl,
      async (c) => (await c.query<{ h: string }>("SELECT encode(hash, 'hex') AS h FROM desk.audit_log WHERE id = $1", [id])).rows[0]!.h,
    );

  /** The newest row each desk had verified: each one's witness is that row or a later one its live updates read. */
  const saw = { a: 0, b: 0 };

  it('each desk keeps the head it verified', async () => {
    await t.a.call('users.create', { email: 'witness.one@example.com', name: 'Wit', surname: 'One', phone: '+38640000041' });
    const onB = await t.b.call('audit.verify', {});
    expect(onB).toMatchObject({ chained: true, intact: true });
    const onA = await t.a.call('audit.verify', {});
    expect(onA).toMatchObject({ chained: true, intact: true });
    saw.a = onA.rowsChecked;
    saw.b = onB.rowsChecked;
    // The check is audited after it ran, so the trail now ends later: A's next check holds it to what it saw.
    const again = await t.a.call('audit.verify', {});
    expect(again).toMatchObject({ intact: true });
    expect(again.witnessed!.id).toBeGreaterThanOrEqual(saw.a);
    expect(t.b.eventsNamed('audit.trailBroken')).toEqual([]);
  });

  it('after the tail is deleted, the head moved back and rows chained on again: A names the row it saw, B is told live', async () => {
    const { rows } = await t.a.call('audit.query', { filter: {}, limit: 1, offset: 0 });
    const newest = rows[0]!.id;
    // Cut below what both desks saw.
    const keep = Math.min(saw.a, saw.b) - 1;
    // The rows about to go, as the desks saw them: each desk's witness is one of them.
    const before = new Map<number, string>();
    for (let id = keep + 1; id <= newest; id++) before.set(id, await hashOf(id));
    await withClient(t.adminUrl, (c) =>
      c.query(
        `SET session_replication_role = replica;
         DELETE FROM desk.audit_log WHERE id > ${keep};
         UPDATE desk.audit_chain_head SET last_id = ${keep}, last_hash = (SELECT hash FROM desk.audit_log WHERE id = ${keep});`,
      ),
    );
    // New rows fill the ids again, with other hashes: a chain of the same length that holds together.
    for (let n = 0; n <= newest - keep; n++) {
      await t.a.call('users.create', {
        email: `witness.${n}@example.com`,
        name: 'Wit',
        surname: `N${n}`,
        phone: `+386400001${String(n).padStart(2, '0')}`,
      });
    }

    const broken = await eventually(() => t.b.eventsNamed('audit.trailBroken')[0], LIVE_MS, 20);
    // B names the newest row it saw (its own check's head, or a later one its live updates read): one of those deleted.
    const named = Number(/^The trail no longer contains row #(\d+) \(hash [0-9a-f]{64}\)/.exec(broken.message)?.[1]);
    expect(named).toBeGreaterThan(keep);
    expect(broken.message).toContain('rows were removed from its end or the head moved back');

    // A names the newest row it saw (the head it verified, or a later one its live updates read), with the hash it had then.
    const view = await t.a.call('audit.verify', {});
    expect(view).toMatchObject({ chained: true, intact: false });
    const id = view.firstBroken!.id;
    expect(id).toBeGreaterThan(keep);
    expect(view.witnessed).toMatchObject({ id, hash: before.get(id) });
    expect(view.firstBroken!.why).toContain(`The trail no longer contains row #${id} (hash ${before.get(id)}) that this desk saw on `);
    expect(await hashOf(id)).not.toBe(before.get(id));
    const { rows: failed } = await t.a.call('audit.query', { filter: { action: 'audit.verify', outcome: 'error' }, limit: 1, offset: 0 });
    expect(failed[0]!.summary).toContain(`broken at row ${id}`);
  });
});
