// The audit trail's hash chain: concurrent appends never fork it, the canonical
// form recomputed in TypeScript is the database's, and whatever a superuser
// changes, deletes or slips in is named by verify-audit (library and CLI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCanonicalForm, auditRowHash, verifyAuditChain } from '../../../main/store/postgres/audit-chain';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { openTeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, runTeamCli, startCluster, withClient } from './support';

const ENV = 'https://api.kriptomat.io/api/v1/partners#client-3';

describe.skipIf(noPostgres)('audit hash chain', () => {
  let cluster: DevCluster;

  beforeAll(async () => {
    cluster = await startCluster();
  }, CLUSTER_TIMEOUT_MS);
  afterAll(() => cluster?.stop(), CLUSTER_TIMEOUT_MS);

  /** A fresh database with `n` audit rows written by an operator. */
  async function trail(n: number): Promise<string> {
    const url = await freshDatabase(cluster);
    const op = await addLogin(cluster, url, 'clerk', 'operator');
    const store = openTeamStore(op.url);
    try {
      await store.registerEnvironment('https://api.kriptomat.io/api/v1/partners', 3);
      for (let i = 1; i <= n; i++) {
        await store.appendAudit({
          environment: ENV,
          osUser: 'ops',
          action: 'order.buy',
          summary: `Buy ${i}0.00 EUR of btceur for user 6`,
          outcome: 'ok',
        });
      }
    } finally {
      await store.close();
    }
    return url;
  }

  /** As the superuser, with the append-only triggers switched off for the session. */
  function tamper(url: string, sql: string): Promise<unknown> {
    return withClient(url, (c) => c.query(`SET session_replication_role = replica; ${sql}`));
  }

  async function verify(url: string): Promise<unknown> {
    return withClient(url, (c) => verifyAuditChain(c));
  }

  it('two operators appending at once build one unbroken chain, 1 … n in order', async () => {
    const url = await freshDatabase(cluster);
    const [a, b] = await Promise.all([addLogin(cluster, url, 'anna', 'operator'), addLogin(cluster, url, 'ben', 'approver')]);
    const storeA = openTeamStore(a.url);
    const storeB = openTeamStore(b.url);
    try {
      await storeA.registerEnvironment('https://api.kriptomat.io/api/v1/partners', 3);
      const append = (store: typeof storeA, who: string, i: number): Promise<unknown> =>
        store.appendAudit({
          environment: ENV,
          osUser: who,
          action: 'user.update',
          summary: `${who} ${i}`,
          outcome: i % 5 ? 'ok' : 'error',
        });
      await Promise.all(Array.from({ length: 25 }, (_, i) => [append(storeA, 'a', i), append(storeB, 'b', i)]).flat());
      const result = await storeB.verifyAudit();
      expect(result).toMatchObject({ intact: true, rows: 50 });
      const rows = await withClient(
        url,
        async (c) => (await c.query<{ id: number; operator: string }>('SELECT id::int, operator FROM desk.audit_log ORDER BY id')).rows,
      );
      expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.operator))).toEqual(new Set([a.name, b.name]));
      const { rows: seen } = await storeA.queryAudit({ operator: b.name, outcome: 'error' }, 100, 0);
      expect(seen.map((e) => e.summary).sort()).toEqual(['b 0', 'b 10', 'b 15', 'b 20', 'b 5']);
    } finally {
      await Promise.all([storeA.close(), storeB.close()]);
    }
  });

  it('checks a long trail page by page, and finds a change deep inside it', async () => {
    const url = await freshDatabase(cluster);
    await withClient(url, (c) =>
      c.query(
        "INSERT INTO desk.audit_log (action, summary, outcome) SELECT 'login', 'entry ' || i, 'ok' FROM generate_series(1, 4500) AS i",
      ),
    );
    expect(await verify(url)).toMatchObject({ intact: true, rows: 4500 });
    await tamper(url, "UPDATE desk.audit_log SET outcome = 'error' WHERE id = 4321");
    expect(await verify(url)).toMatchObject({ intact: false, rows: 4320, brokenId: 4321, reason: 'changed' });
  });

  it('recomputes the canonical form and hash exactly as the database does', async () => {
    const url = await freshDatabase(cluster);
    const store = openTeamStore(url);
    try {
      await store.appendAudit({
        environment: null,
        osUser: 'zoë',
        action: 'login',
        summary: 'Signed in 🚀\nline two, "quoted"',
        outcome: 'ok',
        detail: { password: 'hunter2', n: 1 },
      });
      await store.appendAudit({ environment: null, osUser: '', action: 'logout', summary: '', outcome: 'error' });
    } finally {
      await store.close();
    }
    const rows = await withClient(
      url,
      async (c) =>
        (
          await c.query<{
            id: number;
            at_us: string;
            canonical: string;
            operator: string;
            os_user: string;
            environment: string | null;
            action: string;
            summary: string;
            outcome: string;
            detail: string | null;
            prev_hash: Buffer;
            hash: Buffer;
          }>(
            `SELECT id, ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_us, operator, os_user, environment, action, summary,
                  outcome, detail, prev_hash, hash,
                  desk.audit_canonical(id, at, operator, os_user, environment, action, summary, outcome, detail) AS canonical
             FROM desk.audit_log ORDER BY id`,
          )
        ).rows,
    );
    expect(rows[0]!.detail).toBe('{"password":"[redacted]","n":1}');
    let prev: Buffer = Buffer.alloc(32);
    for (const r of rows) {
      const row = {
        id: r.id,
        atMicros: r.at_us,
        operator: r.operator,
        osUser: r.os_user,
        environment: r.environment,
        action: r.action,
        summary: r.summary,
        outcome: r.outcome,
        detail: r.detail,
      };
      expect(auditCanonicalForm(row)).toBe(r.canonical);
      expect(r.prev_hash.equals(prev)).toBe(true);
      expect(auditRowHash(prev, row).equals(r.hash)).toBe(true);
      prev = r.hash;
    }
    expect(rows[1]!.canonical).toBe(
      `kriptomat-desk-audit/1\nid=1:2\nat_us=16:${rows[1]!.at_us}\noperator=8:postgres\nos_user=0:\nenvironment!\naction=6:logout\nsummary=0:\noutcome=5:error\ndetail!\n`,
    );
  });

  it('verify-audit passes an intact trail (exit 0, one line)', async () => {
    const url = await trail(3);
    const cli = await runTeamCli(['verify-audit', '--db', url]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^Audit trail intact: 3 rows, head hash [0-9a-f]{64}\.\n$/);
  });

  it("finds a superuser's UPDATE of a row (exit 1, naming the row)", async () => {
    const url = await trail(5);
    await tamper(url, "UPDATE desk.audit_log SET summary = 'Buy 1.00 EUR of btceur for user 6' WHERE id = 3");
    expect(await verify(url)).toMatchObject({ intact: false, brokenId: 3, reason: 'changed' });
    const cli = await runTeamCli(['verify-audit', '--db', url]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toBe(
      'Audit trail BROKEN at row 3: Audit row 3 was changed after it was written: its contents no longer match its hash.\n',
    );
  });

  it("finds a superuser's DELETE of a row in the middle and of the newest rows", async () => {
    const middle = await trail(5);
    await tamper(middle, 'DELETE FROM desk.audit_log WHERE id = 2');
    expect(await verify(middle)).toMatchObject({ intact: false, brokenId: 2, reason: 'missing' });
    const cli = await runTeamCli(['verify-audit', '--db', middle]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/^Audit trail BROKEN at row 2: Audit row 2 is missing/);

    const newest = await trail(5);
    await tamper(newest, 'DELETE FROM desk.audit_log WHERE id >= 4');
    expect(await verify(newest)).toMatchObject({ intact: false, brokenId: 4, reason: 'missing' });
  });

  it('finds a row rewritten with a freshly computed hash: the next row no longer follows it', async () => {
    const url = await trail(4);
    await tamper(
      url,
      `UPDATE desk.audit_log SET summary = 'nothing to see',
              hash = sha256(prev_hash || convert_to(desk.audit_canonical(id, at, operator, os_user, environment, action,
                                                                         'nothing to see', outcome, detail), 'UTF8'))
        WHERE id = 2`,
    );
    expect(await verify(url)).toMatchObject({ intact: false, brokenId: 3, reason: 'unlinked' });
  });

  it('finds rows inserted out of chain', async () => {
    const appended = await trail(2);
    // A well-formed row that links to the last one, but the trigger never saw it (the head was not moved).
    await tamper(
      appended,
      `INSERT INTO desk.audit_log (id, at, operator, os_user, environment, action, summary, outcome, detail, prev_hash, hash)
       SELECT 3, now(), 'clerk', '', environment, 'order.buy', 'backdated', 'ok', NULL, hash, hash FROM desk.audit_log WHERE id = 2`,
    );
    expect(await verify(appended)).toMatchObject({ intact: false, brokenId: 3, reason: 'outside-chain' });

    const before = await trail(2);
    await tamper(
      before,
      `INSERT INTO desk.audit_log (id, at, operator, os_user, action, summary, outcome, prev_hash, hash)
                          VALUES (0, now(), 'clerk', '', 'login', 'early', 'ok', '\\x00', '\\x00')`,
    );
    expect(await verify(before)).toMatchObject({ intact: false, brokenId: 0, reason: 'outside-chain' });
  });

  it('says so when it cannot check at all (exit 2), without the password', async () => {
    const cli = await runTeamCli(['verify-audit', '--db', 'postgresql://clerk:s3cret-pw-123@127.0.0.1:1/desk']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('cannot be reached');
    expect(cli.stdout + cli.stderr).not.toContain('s3cret-pw-123');
  });
});
