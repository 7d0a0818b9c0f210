// The team database's schema on a real PostgreSQL: init is repeatable, the
// group roles and their grants hold, and identity comes from the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { initTeamDb, teamSchemaVersion } from '../../../main/store/postgres/migrate';
import { TEAM_SCHEMA_VERSION } from '../../../main/store/postgres/constants';
import { TEAM_MIGRATIONS } from '../../../main/store/postgres/migration-files';
import { openTeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, announceSkip, freshDatabase, noPostgres, startCluster, withClient } from './support';

announceSkip();

const ENV = 'https://stagingapi.kminfra.net/v1#client-7';

describe.skipIf(noPostgres)('team schema', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let alice: { name: string; url: string };
  let admin: { name: string; url: string };

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    alice = await addLogin(cluster, adminUrl, 'alice', 'operator');
    admin = await addLogin(cluster, adminUrl, 'root_admin', 'admin');
    await withClient(adminUrl, (c) =>
      c.query("INSERT INTO desk.environments (key, base_url, client_id) VALUES ($1, 'https://stagingapi.kminfra.net/v1', 7)", [ENV]),
    );
  }, CLUSTER_TIMEOUT_MS);
  afterAll(() => cluster?.stop(), CLUSTER_TIMEOUT_MS);

  it('init creates the schema once; a second run (also two at once) changes nothing', async () => {
    const url = await freshDatabase(cluster, { init: false });
    const first = await withClient(url, (c) => initTeamDb(c));
    expect(first).toEqual({ before: 0, after: TEAM_SCHEMA_VERSION, applied: TEAM_MIGRATIONS.map((m) => m.version) });
    const snapshot = (): Promise<unknown> =>
      withClient(url, async (c) => {
        const tables = await c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'desk' ORDER BY 1");
        const migrations = await c.query('SELECT version, name, applied_at FROM desk.schema_migrations ORDER BY version');
        const head = await c.query('SELECT last_id, last_hash FROM desk.audit_chain_head');
        return { tables: tables.rows, migrations: migrations.rows, head: head.rows };
      });
    const before = await snapshot();
    const again = await Promise.all([withClient(url, (c) => initTeamDb(c)), withClient(url, (c) => initTeamDb(c))]);
    expect(again).toEqual([
      { before: TEAM_SCHEMA_VERSION, after: TEAM_SCHEMA_VERSION, applied: [] },
      { before: TEAM_SCHEMA_VERSION, after: TEAM_SCHEMA_VERSION, applied: [] },
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await withClient(url, (c) => teamSchemaVersion(c))).toBe(TEAM_SCHEMA_VERSION);
  });

  it('a desk writes only to a database at its own schema version, and says what to run otherwise', async () => {
    const url = await freshDatabase(cluster, { init: false });
    await withClient(url, (c) => initTeamDb(c, TEAM_MIGRATIONS.slice(0, TEAM_SCHEMA_VERSION - 1)));
    const store = openTeamStore(url);
    try {
      await expect(store.readyToWrite()).rejects.toMatchObject({
        kind: 'schema',
        message: expect.stringMatching(
          new RegExp(`schema version ${TEAM_SCHEMA_VERSION - 1}; this desk needs ${TEAM_SCHEMA_VERSION}.*npm run team -- init`),
        ) as unknown,
      });
      await withClient(url, (c) => initTeamDb(c));
      expect(await store.readyToWrite()).toBe('postgres');
    } finally {
      await store.close();
    }
  });

  it('accepts a hole in the numbering, and refuses a database that would need the hole filled out of order', async () => {
    const url = await freshDatabase(cluster, { init: false });
    const one = { version: 1, name: 'one', sql: 'CREATE TABLE desk.one (x int)' };
    const three = { version: 3, name: 'three', sql: 'CREATE TABLE desk.three (x int)' };
    const two = { version: 2, name: 'two', sql: 'CREATE TABLE desk.two (x int)' };
    expect(await withClient(url, (c) => initTeamDb(c, [one, three]))).toEqual({ before: 0, after: 3, applied: [1, 3] });
    await expect(withClient(url, (c) => initTeamDb(c, [one, two, three]))).rejects.toMatchObject({
      kind: 'schema',
      message: expect.stringMatching(/at schema version 3 but lacks migration 2 \("two"\)/) as unknown,
    });
    await expect(withClient(url, (c) => initTeamDb(c, [one, three, two]))).rejects.toThrow(/versions must increase/);
    expect(await withClient(url, async (c) => (await c.query('SELECT version FROM desk.schema_migrations ORDER BY 1')).rows)).toEqual([
      { version: 1 },
      { version: 3 },
    ]);
  });

  it('makes NOLOGIN group roles; approver and admin include the operator', async () => {
    const roles = await withClient(
      adminUrl,
      async (c) =>
        (
          await c.query<{ rolname: string; rolcanlogin: boolean; is_operator: boolean }>(
            `SELECT rolname, rolcanlogin, pg_has_role(rolname, 'desk_operator', 'USAGE') AS is_operator
             FROM pg_roles WHERE rolname LIKE 'desk\\_%' ORDER BY rolname`,
          )
        ).rows,
    );
    expect(roles).toEqual([
      { rolname: 'desk_admin', rolcanlogin: false, is_operator: true },
      { rolname: 'desk_approver', rolcanlogin: false, is_operator: true },
      { rolname: 'desk_operator', rolcanlogin: false, is_operator: true },
    ]);
  });

  it('lets an operator INSERT and SELECT audit rows, never UPDATE, DELETE or TRUNCATE them', async () => {
    await withClient(alice.url, async (c) => {
      await c.query("INSERT INTO desk.audit_log (environment, action, summary, outcome) VALUES ($1, 'login', 'Signed in', 'ok')", [ENV]);
      expect((await c.query('SELECT count(*)::int AS n FROM desk.audit_log')).rows[0]).toEqual({ n: 1 });
      for (const sql of [
        "UPDATE desk.audit_log SET summary = 'nothing happened'",
        'DELETE FROM desk.audit_log',
        'TRUNCATE desk.audit_log',
      ]) {
        await expect(c.query(sql), sql).rejects.toMatchObject({
          code: '42501',
          message: expect.stringMatching(/permission denied/) as unknown,
        });
      }
      await expect(c.query('UPDATE desk.audit_chain_head SET last_id = 0')).rejects.toMatchObject({ code: '42501' });
      await expect(c.query('DELETE FROM desk.orders')).rejects.toMatchObject({ code: '42501' });
    });
  });

  it('refuses UPDATE and DELETE of audit rows even to the owner, unless triggers are switched off', async () => {
    await withClient(adminUrl, async (c) => {
      await c.query("INSERT INTO desk.audit_log (environment, action, summary, outcome) VALUES ($1, 'logout', 'Signed out', 'ok')", [ENV]);
      await expect(c.query("UPDATE desk.audit_log SET summary = 'x'")).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(c.query('DELETE FROM desk.audit_log')).rejects.toThrow(/append-only: DELETE refused/);
    });
  });

  it('lets only desk_admin change the team policy', async () => {
    const upsert =
      "INSERT INTO desk.policy (environment, per_order_limit_eur) VALUES ($1, '2500') ON CONFLICT (environment) DO UPDATE SET per_order_limit_eur = excluded.per_order_limit_eur";
    await withClient(alice.url, (c) => expect(c.query(upsert, [ENV])).rejects.toMatchObject({ code: '42501' }));
    await withClient(admin.url, (c) => c.query(upsert, [ENV]));
    const row = await withClient(
      alice.url,
      async (c) => (await c.query('SELECT per_order_limit_eur, updated_by FROM desk.policy')).rows[0] as unknown,
    );
    expect(row).toEqual({ per_order_limit_eur: '2500.00', updated_by: admin.name });
  });

  it('records the session user whatever name a client sends, on INSERT and on UPDATE', async () => {
    await withClient(alice.url, async (c) => {
      const audit = await c.query(
        "INSERT INTO desk.audit_log (id, environment, action, summary, outcome, operator, at) VALUES (999, $1, 'user.create', 'Created user 6', 'ok', 'mallory', '2001-01-01') RETURNING id, operator, at",
        [ENV],
      );
      expect(audit.rows[0]).toMatchObject({ operator: alice.name });
      expect(audit.rows[0].id).not.toBe('999');
      expect((audit.rows[0] as { at: Date }).at.getFullYear()).toBeGreaterThan(2001);

      // The journal is written only through its functions (migration 7): a forged INSERT or UPDATE is refused whole,
      await expect(
        c.query(
          `INSERT INTO desk.orders (environment, user_id, kind, pair, amount, placed_by, updated_by, claimed_by, lease_expires_at, idempotency_key, id)
           VALUES ($1, 6, 'buy', 'btceur', '25.00', 'mallory', 'mallory', 'mallory', now(), '00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000001')`,
          [ENV],
        ),
      ).rejects.toMatchObject({ code: '42501' });
      // and what the function writes is in the login's own name, with the database's id and key.
      const order = await c.query(
        "SELECT id, idempotency_key, placed_by, updated_by, claimed_by FROM desk.begin_order($1, 6, 'buy', 'btceur', '25.00', NULL, 60000, NULL)",
        [ENV],
      );
      const placed = order.rows[0] as { id: string; idempotency_key: string; placed_by: string; updated_by: string; claimed_by: string };
      expect(placed).toMatchObject({ placed_by: alice.name, updated_by: alice.name, claimed_by: alice.name });

      await expect(
        c.query(
          "UPDATE desk.orders SET placed_by = 'mallory', updated_by = 'mallory', idempotency_key = gen_random_uuid(), state = 'accepted' WHERE id = $1",
          [placed.id],
        ),
      ).rejects.toMatchObject({ code: '42501' });
      const kept = await c.query('SELECT idempotency_key, placed_by, updated_by, state FROM desk.orders WHERE id = $1', [placed.id]);
      expect(kept.rows[0]).toEqual({
        idempotency_key: placed.idempotency_key,
        placed_by: alice.name,
        updated_by: alice.name,
        state: 'sending',
      });

      const user = await c.query(
        "INSERT INTO desk.users (environment, user_id, source, search_text, first_seen_by, updated_by) VALUES ($1, 6, 'created', '6', 'mallory', 'mallory') RETURNING first_seen_by, updated_by",
        [ENV],
      );
      expect(user.rows[0]).toEqual({ first_seen_by: alice.name, updated_by: alice.name });
    });
    // A later writer is the last writer; the first one stays the first.
    await withClient(admin.url, async (c) => {
      const user = await c.query(
        "UPDATE desk.users SET email = 'u6@desk.io', first_seen_by = 'mallory' WHERE user_id = 6 RETURNING first_seen_by, updated_by",
      );
      expect(user.rows[0]).toEqual({ first_seen_by: alice.name, updated_by: admin.name });
    });
  });

  it('refuses a login without the right password', async () => {
    const wrong = new URL(alice.url);
    wrong.password = 'not-the-password';
    await expect(withClient(wrong.toString(), (c) => c.query('SELECT 1'))).rejects.toMatchObject({ code: '28P01' });
  });
});
