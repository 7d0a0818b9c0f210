// The desk's witness of the team's audit trail, on a real PostgreSQL: a superuser
// who deletes the trail's newest rows and moves the chain head back leaves a
// shorter chain that still verifies on its own — the desk that saw the newer row
// (kept in its own SQLite store) reports the trail broken and names that row, in
// its verification and in the live check each new audit row triggers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../main/store/postgres/audit-chain';
import { createTeamStorePort } from '../../../main/store/postgres/adapter';
import { teamTrailName } from '../../../main/store/postgres/connection';
import { openTeamStore, type TeamStore } from '../../../main/store/postgres/team-store';
import { openDeskStore } from '../../../main/store/sqlite/adapter';
import type { DeskStorePort } from '../../../main/store/port';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const PROFILE = 'prod';
const BASE_URL = 'https://api.kriptomat.io/api/v1/partners';

describe.skipIf(noPostgres)('the audit witness', () => {
  let cluster: DevCluster;
  const open: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    cluster = await startCluster();
  }, CLUSTER_TIMEOUT_MS);
  afterAll(() => cluster?.stop(), CLUSTER_TIMEOUT_MS);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  /** A desk as an operator of a fresh team database: its team port (with the witness) and its own store. */
  async function desk(): Promise<{ url: string; port: DeskStorePort; local: DeskStorePort; team: TeamStore; trail: string }> {
    const url = await freshDatabase(cluster);
    const op = await addLogin(cluster, url, 'clerk', 'operator');
    const team = openTeamStore(op.url);
    const local = openDeskStore(':memory:');
    open.push(team, local);
    const trail = teamTrailName(op.url);
    const port = createTeamStorePort(team, () => ({ baseUrl: BASE_URL, clientId: 3 }), {
      rates: local,
      witness: { keeper: local.auditWitness!, trail },
    });
    return { url, port, local, team, trail };
  }

  async function append(port: DeskStorePort, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await port.appendAudit({
        atMs: 0,
        osUser: 'ops',
        profileId: PROFILE,
        action: 'order.buy',
        summary: `Buy ${i + 1}0.00 EUR`,
        outcome: 'ok',
      });
    }
  }

  async function hashOf(url: string, id: number): Promise<string> {
    return withClient(
      url,
      async (c) => (await c.query<{ h: string }>("SELECT encode(hash, 'hex') AS h FROM desk.audit_log WHERE id = $1", [id])).rows[0]!.h,
    );
  }

  /** As a superuser would: append-only triggers off, the rows after `keep` deleted, the head moved back to row `keep`. */
  async function cutBackTo(url: string, keep: number): Promise<void> {
    await withClient(url, (c) =>
      c.query(
        `SET session_replication_role = replica;
         DELETE FROM desk.audit_log WHERE id > ${keep};
         UPDATE desk.audit_chain_head SET last_id = ${keep}, last_hash = (SELECT hash FROM desk.audit_log WHERE id = ${keep});`,
      ),
    );
  }

  it('a verified trail is witnessed; after the tail is deleted and the head moved back, the desk names the row it saw', async () => {
    const { url, port, local, trail } = await desk();
    await append(port, 5);
    expect(await port.verifyAudit!()).toMatchObject({ intact: true, rows: 5 });
    expect(await local.auditWitness!.witness(trail)).toMatchObject({ id: 5, hash: await hashOf(url, 5) });

    // Live: two more rows, read after their notification, move the witness on.
    await append(port, 2);
    const seen = await hashOf(url, 7);
    expect(await port.checkAuditWitness!()).toMatchObject({ broken: null, witness: { id: 7, hash: seen } });

    await cutBackTo(url, 4);
    // The chain alone still verifies: only the witness can tell.
    expect(await withClient(url, (c) => verifyAuditChain(c))).toMatchObject({ intact: true, rows: 4 });

    const result = await port.verifyAudit!();
    expect(result).toMatchObject({ intact: false, reason: 'behind-witness', brokenId: 7, rows: 4, witnessed: { id: 7, hash: seen } });
    const message = (result as { message: string }).message;
    expect(message).toContain(`The trail no longer contains row #7 (hash ${seen}) that this desk saw on `);
    expect(message).toContain('rows were removed from its end or the head moved back (the head is row #4; rows #5 to #7 are gone)');

    // The live check says the same, and the witness stays where it was.
    expect(await port.checkAuditWitness!()).toMatchObject({ broken: message, witness: { id: 7, hash: seen } });
    expect(await local.auditWitness!.witness(trail)).toMatchObject({ id: 7, hash: seen });
  });

  it('rows written again over a deleted tail: the witnessed row is there with another hash, and the desk says so', async () => {
    const { url, port } = await desk();
    await append(port, 3);
    expect(await port.verifyAudit!()).toMatchObject({ intact: true, rows: 3 });
    const seen = await hashOf(url, 3);

    // The tail goes, the head moves back, and new rows are chained on: a chain of 4 that holds together.
    await cutBackTo(url, 2);
    await append(port, 2);
    expect(await withClient(url, (c) => verifyAuditChain(c))).toMatchObject({ intact: true, rows: 4 });

    const now = await hashOf(url, 3);
    expect(now).not.toBe(seen);
    const result = await port.verifyAudit!();
    expect(result).toMatchObject({ intact: false, reason: 'behind-witness', brokenId: 3 });
    expect((result as { message: string }).message).toMatch(
      new RegExp(
        `^The trail no longer contains row #3 \\(hash ${seen}\\) that this desk saw on .*: rows were removed from its end or the head moved back, and rows were written again in their place \\(row #3 now has hash ${now}\\)\\.$`,
      ),
    );
  });

  it('a desk without a witness yet, or a trail that only grew, verifies intact', async () => {
    const { port, local, trail } = await desk();
    expect(await port.checkAuditWitness!()).toEqual({ broken: null, witness: null });
    await append(port, 2);
    expect(await port.verifyAudit!()).toMatchObject({ intact: true, rows: 2 });
    await append(port, 3);
    expect(await port.verifyAudit!()).toMatchObject({ intact: true, rows: 5, witnessed: { id: 2 } });
    expect(await local.auditWitness!.witness(trail)).toMatchObject({ id: 5 });
  });
});
