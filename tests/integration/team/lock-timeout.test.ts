// No login can stall the others (issue 19): a login's own session that opens a
// transaction, takes a lock every desk needs (the audit trail's chain head, which every
// audited write locks; a shared user row) and keeps it open makes another desk's write
// fail once the desk's lock timeout runs out — in words the operator can act on, with
// nothing written and the workspace still counted as connected — instead of waiting for
// as long as the holder likes. Once the holder ends its transaction, the write goes through.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { toDeskError } from '../../../main/errors';
import { TeamDbBusyError, TeamWriteUnconfirmedError, type TeamStoreError } from '../../../main/store/postgres/errors';
import { openTeamStore, type TeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const BASE_URL = 'https://stagingapi.kminfra.net/v1';

type Login = { name: string; url: string };

/** The words of a refusal for a lock held past the timeout, naming what was locked. */
const busyWords = (relation: string): RegExp =>
  new RegExp(
    `^The team database at .+ is busy: another session holds a lock this change needs \\(on relation "${relation}"\\)\\. ` +
      'Nothing was written; try again in a moment\\.$',
  );

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe.skipIf(noPostgres)('a lock held open by another session', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let alice: Login;
  let bob: Login;
  let boss: Login;
  let bobDesk: TeamStore;
  let bossDesk: TeamStore;
  let env: string;
  /** Alice's own raw session, as psql would be: the one holding the lock. */
  let holder: pg.Client | null = null;
  /** What bob's pool told about its reach: a busy database is still reached. */
  const reach: (TeamStoreError | null)[] = [];

  const count = (sql: string, values: unknown[] = []): Promise<number> =>
    withClient(adminUrl, async (c) => Number((await c.query<{ n: string }>(sql, values)).rows[0]!.n));

  /** Alice opens a transaction in her own session, runs `sql` in it and leaves it open. */
  async function holdOpen(sql: string, values: unknown[] = []): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: alice.url });
    // Ended by afterEach (or by the server): nothing to report.
    client.on('error', () => undefined);
    await client.connect();
    holder = client;
    // Her login's idle_in_transaction_session_timeout is a default her own session may lift:
    // it is not what protects the other desks.
    await client.query('SET idle_in_transaction_session_timeout = 0');
    await client.query('BEGIN');
    await client.query(sql, values);
    return client;
  }

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    [alice, bob, boss] = await Promise.all([
      addLogin(cluster, adminUrl, 'alice', 'operator'),
      addLogin(cluster, adminUrl, 'bob', 'operator'),
      addLogin(cluster, adminUrl, 'boss', 'admin'),
    ]);
    bobDesk = openTeamStore(bob.url);
    bossDesk = openTeamStore(boss.url);
    bobDesk.onReach((failure) => reach.push(failure));
    env = await bobDesk.registerEnvironment(BASE_URL, 42);
  }, CLUSTER_TIMEOUT_MS);
  afterEach(async () => {
    await holder?.end().catch(() => undefined);
    holder = null;
  });
  afterAll(async () => {
    await Promise.all([bobDesk?.close(), bossDesk?.close()]);
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it("an audit entry of hers left uncommitted holds the chain head: another desk's audited write is refused, not stalled, and goes through once she ends", async () => {
    const holding = await holdOpen(
      `INSERT INTO desk.audit_log (environment, action, summary, outcome) VALUES ($1, 'note', 'left open on purpose', 'ok')`,
      [env],
    );
    const before = await count('SELECT count(*) AS n FROM desk.audit_log');

    const failure = await failureOf(
      bobDesk.appendAudit({ environment: env, osUser: 'bob', action: 'user.open', summary: 'opened user 6', outcome: 'ok' }),
    );
    expect(failure).toBeInstanceOf(TeamDbBusyError);
    expect(failure).toMatchObject({
      kind: 'busy',
      code: '55P03',
      message: expect.stringMatching(busyWords('audit_chain_head')) as unknown,
    });
    expect((failure as Error).message).not.toContain(new URL(bob.url).password);
    // The bridge shows the same words, as a kind the services count as passing by itself.
    expect(toDeskError(failure)).toEqual({ kind: 'timeout', message: (failure as Error).message });
    expect(await count('SELECT count(*) AS n FROM desk.audit_log')).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM desk.audit_log WHERE action = 'user.open'`)).toBe(0);
    // The database was reached all along: the workspace never showed it as away.
    expect(reach.filter((r) => r !== null)).toEqual([]);

    await holding.query('ROLLBACK');
    const entry = await bobDesk.appendAudit({
      environment: env,
      osUser: 'bob',
      action: 'user.open',
      summary: 'opened user 6',
      outcome: 'ok',
    });
    expect(entry).toMatchObject({ action: 'user.open', operator: bob.name });
    expect(await bobDesk.verifyAudit()).toMatchObject({ intact: true });
  });

  it('a proposal (its audit entry written by the database in the same INSERT) is refused as busy, never "unconfirmed", and no row is left', async () => {
    const proposalEnv = await bobDesk.registerEnvironment(BASE_URL, 43);
    await bossDesk.saveRule(proposalEnv, { action: 'buy', thresholdEur: '100', approvalsNeeded: 1 });
    const proposal = {
      environment: proposalEnv,
      userId: 6,
      kind: 'buy' as const,
      pair: 'btceur',
      amount: '888.00',
      rateAtProposal: '61000.50',
    };
    const holding = await holdOpen(
      `INSERT INTO desk.audit_log (environment, action, summary, outcome) VALUES ($1, 'note', 'left open on purpose', 'ok')`,
      [proposalEnv],
    );

    const failure = await failureOf(bobDesk.propose(proposal));
    expect(failure).toBeInstanceOf(TeamDbBusyError);
    expect(failure).not.toBeInstanceOf(TeamWriteUnconfirmedError);
    expect((failure as Error).message).toMatch(busyWords('audit_chain_head'));
    expect(await count('SELECT count(*) AS n FROM desk.orders WHERE environment = $1', [proposalEnv])).toBe(0);

    // Committed this time: her entry stays, and bob's proposal chains after it.
    await holding.query('COMMIT');
    const proposed = await bobDesk.propose(proposal);
    expect(proposed).toMatchObject({ amount: '888.00', approvalState: 'pending' });
    expect(await count('SELECT count(*) AS n FROM desk.orders WHERE environment = $1', [proposalEnv])).toBe(1);
    expect(await bobDesk.verifyAudit()).toMatchObject({ intact: true });
  });

  it("a shared user row she locks: another desk's save of that user is refused as busy and changes nothing; it goes through once she ends", async () => {
    const user = {
      id: 6,
      email: 'john@doe.io',
      name: 'John',
      surname: 'Doe',
      phone: '+38640111222',
      status: 'active',
      kycStatus: 'verified',
      country: 'SI',
      fetchedAtMs: Date.UTC(2025, 0, 15),
    };
    await bobDesk.saveUser(env, user);
    const holding = await holdOpen('SELECT * FROM desk.users WHERE environment = $1 AND user_id = 6 FOR UPDATE', [env]);

    const failure = await failureOf(bobDesk.saveUser(env, { ...user, email: 'johnny@doe.io' }));
    expect(failure).toBeInstanceOf(TeamDbBusyError);
    expect((failure as Error).message).toMatch(busyWords('users'));
    expect((await bobDesk.getUser(env, 6))?.email).toBe('john@doe.io');

    await holding.query('ROLLBACK');
    await bobDesk.saveUser(env, { ...user, email: 'johnny@doe.io' });
    expect((await bobDesk.getUser(env, 6))?.email).toBe('johnny@doe.io');
  });

  it('a whole table she locks (her UPDATE grant lets her): even reads are refused as busy after the timeout, not left waiting', async () => {
    await bobDesk.saveUser(env, {
      id: 7,
      email: 'ana@doe.io',
      name: 'Ana',
      surname: 'Doe',
      phone: '+38640111333',
      status: 'active',
      kycStatus: 'verified',
      country: 'SI',
      fetchedAtMs: Date.UTC(2025, 0, 15),
    });
    const holding = await holdOpen('LOCK TABLE desk.users IN ACCESS EXCLUSIVE MODE');

    const failure = await failureOf(bobDesk.getUser(env, 7));
    expect(failure).toBeInstanceOf(TeamDbBusyError);
    // A lock on a whole table: pg names no row, so the words name none either.
    expect((failure as Error).message).toMatch(
      /^The team database at .+ is busy: another session holds a lock this change needs\. Nothing was written; try again in a moment\.$/,
    );
    expect(reach.filter((r) => r !== null)).toEqual([]);

    await holding.query('ROLLBACK');
    expect((await bobDesk.getUser(env, 7))?.email).toBe('ana@doe.io');
  });
});
