// TeamStore on a real PostgreSQL, as two desks logged in as two operators: what
// one writes the other reads (and hears about within a second), an order is
// never claimed by both, an expired lease is taken over with the same key, and
// an unreachable database is a typed error without the password in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserView } from '../../../shared/desk-api';
import type { Transaction } from '../../../shared/kriptomat';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { TeamDbUnavailableError, TeamStoreError } from '../../../main/store/postgres/errors';
import type { TeamChange } from '../../../main/store/postgres/listener';
import { openTeamStore, type TeamOrder, type TeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const BASE_URL = 'https://stagingapi.kminfra.net/v1';

function user(id: number, name: string, email: string): UserView {
  return {
    id,
    email,
    name,
    surname: 'Doe',
    phone: '+38640111222',
    status: 'active',
    kycStatus: 'verified',
    country: 'SI',
    fetchedAtMs: Date.UTC(2025, 0, 15),
  };
}

/** Money as the API schema hands it on: decimal text (the cache keeps its exact value, as the local cache does). */
function tx(id: number, userId: number, state: string, amount = '100.00'): Transaction {
  return {
    id,
    user_id: userId,
    type: 'buy',
    amount,
    pair: 'btceur',
    price: '61000.5',
    date: `2025-01-${String(10 + (id % 10)).padStart(2, '0')}T10:00:00.000`,
    state,
    fee: '1.5',
    subtotal: '98.50',
    total: amount,
  };
}

/** Resolves with the first change matching `match` (and how long it took), or rejects after `ms`. */
function nextChange(changes: TeamChange[], match: (c: TeamChange) => boolean, ms = 1000): Promise<{ change: TeamChange; afterMs: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const change = changes.find(match);
      if (change) {
        clearInterval(poll);
        resolve({ change, afterMs: performance.now() - start });
      } else if (performance.now() - start > ms) {
        clearInterval(poll);
        reject(new Error(`no matching change within ${ms} ms; saw ${JSON.stringify(changes)}`));
      }
    }, 5);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noPostgres)('TeamStore, two desks', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let alice: { name: string; url: string };
  let bob: { name: string; url: string };
  let boss: { name: string; url: string };
  let deskA: TeamStore;
  let deskB: TeamStore;
  let env: string;

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    [alice, bob, boss] = await Promise.all([
      addLogin(cluster, adminUrl, 'alice', 'operator'),
      addLogin(cluster, adminUrl, 'bob', 'approver'),
      addLogin(cluster, adminUrl, 'boss', 'admin'),
    ]);
    deskA = openTeamStore(alice.url);
    deskB = openTeamStore(bob.url);
    env = await deskA.registerEnvironment(BASE_URL, 42);
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([deskA?.close(), deskB?.close()]);
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('knows who it is from the database', async () => {
    expect(await deskA.operator()).toBe(alice.name);
    expect(await deskB.operator()).toBe(bob.name);
    expect(env).toBe('https://stagingapi.kminfra.net/v1#client-42');
    expect(await deskB.registerEnvironment('HTTPS://StagingAPI.kminfra.net/v1/', 42)).toBe(env);
  });

  it('shares the user directory: written on A, read and searched on B', async () => {
    await deskA.saveUser(env, user(6, 'John', 'john@doe.io'), { source: 'created' });
    expect(await deskB.getUser(env, 6)).toEqual({
      ...user(6, 'John', 'john@doe.io'),
      dateOfBirth: null,
      address: null,
      city: null,
      postalCode: null,
    });
    await deskB.saveUser(env, { ...user(6, 'Johnny', 'john@doe.io') });
    expect(await deskB.discoverUsers(env, [6, 7, 8, 7])).toBe(2);
    expect((await deskA.searchUsers(env, 'JOHNNY')).map((u) => u.id)).toEqual([6]);
    expect((await deskA.searchUsers(env, '#7')).map((u) => u.id)[0]).toBe(7);
    expect(await deskA.getUser(env, 7)).toMatchObject({ id: 7, name: '', fetchedAtMs: null });
    const row = await withClient(
      adminUrl,
      async (c) => (await c.query('SELECT source, first_seen_by, updated_by FROM desk.users WHERE user_id = 6')).rows[0] as unknown,
    );
    // 'created' is not downgraded to 'opened'; the first writer stays, the last writer is recorded.
    expect(row).toEqual({ source: 'created', first_seen_by: alice.name, updated_by: bob.name });
  });

  it('delivers a user written on A to B within a second (LISTEN/NOTIFY)', async () => {
    const changes: TeamChange[] = [];
    const sub = await deskB.listen((c) => changes.push(c));
    try {
      expect(sub.connected).toBe(true);
      await deskA.saveUser(env, user(31, 'Ana', 'ana@desk.io'));
      const { change, afterMs } = await nextChange(changes, (c) => c.table === 'users' && c.id === '31');
      expect(change).toEqual({ table: 'users', op: 'insert', environment: env, id: '31' });
      expect(afterMs).toBeLessThan(1000);
      expect(await deskB.getUser(env, 31)).toMatchObject({ name: 'Ana' });

      const order = await deskA.beginOrder({ environment: env, userId: 31, kind: 'buy', pair: 'btceur', amount: '20.00' });
      await nextChange(changes, (c) => c.table === 'orders' && c.id === order.id && c.state === 'sending');
      await deskA.markOrderAccepted(order.idempotencyKey, 9001);
      await nextChange(changes, (c) => c.table === 'orders' && c.id === order.id && c.state === 'accepted' && c.op === 'update');
      const entry = await deskA.appendAudit({
        environment: env,
        osUser: 'ana-pc',
        action: 'order.buy',
        summary: 'Buy 20.00 EUR',
        outcome: 'ok',
      });
      await nextChange(changes, (c) => c.table === 'audit_log' && c.id === String(entry.id));
      await deskA.upsertTransactions(env, [tx(501, 31, 'pending'), tx(502, 31, 'pending')]);
      await nextChange(changes, (c) => c.table === 'transactions' && c.count === 2);
      await deskA.markHistoryComplete(env);
      await nextChange(changes, (c) => c.table === 'sync_state' && c.id === 'all');
    } finally {
      await sub.close();
    }
  });

  it('keeps listening after its connection is killed, and says to reload', async () => {
    const changes: TeamChange[] = [];
    const statuses: unknown[] = [];
    const sub = await deskB.listen((c) => changes.push(c), { onStatus: (s) => statuses.push(s), retryMs: 50 });
    try {
      await withClient(adminUrl, (c) =>
        c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND query LIKE 'LISTEN%'", [bob.name]),
      );
      const deadline = Date.now() + 5000;
      while (statuses.length < 3 && Date.now() < deadline) await sleep(20);
      expect(statuses).toEqual([
        { connected: true, resync: false },
        { connected: false, resync: false },
        { connected: true, resync: true },
      ]);
      await deskA.saveUser(env, user(32, 'Bo', 'bo@desk.io'));
      await nextChange(changes, (c) => c.table === 'users' && c.id === '32');
    } finally {
      await sub.close();
    }
  });

  it('claims each waiting order for exactly one desk, however the two race', async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 30; i++) {
      // A lease of 1 ms: as if the desk that wrote them died before sending.
      keys.add(
        (await deskA.beginOrder({ environment: env, userId: 6, kind: 'sell', pair: 'etheur', amount: `${i + 1}.5` }, 1)).idempotencyKey,
      );
    }
    await sleep(20);
    const claimed: Array<{ desk: string; order: TeamOrder }> = [];
    const worker = async (desk: TeamStore, name: string): Promise<void> => {
      for (;;) {
        const order = await desk.claimForSending(env, 60_000);
        if (!order) return;
        claimed.push({ desk: name, order });
      }
    };
    await Promise.all([worker(deskA, alice.name), worker(deskB, bob.name), worker(deskA, alice.name), worker(deskB, bob.name)]);
    const claimedKeys = claimed.map((c) => c.order.idempotencyKey);
    expect(new Set(claimedKeys).size).toBe(claimedKeys.length);
    expect(new Set(claimedKeys)).toEqual(keys);
    for (const { desk, order } of claimed)
      expect(order).toMatchObject({ claimedBy: desk, sendAttempts: 2, state: 'sending', placedBy: alice.name });
    expect(new Set(claimed.map((c) => c.desk)).size).toBe(2);
    // All leases are held now: nothing more to claim.
    expect(await deskB.claimForSending(env, 60_000)).toBeNull();
    // Each by the desk that holds its lease: only that desk records what a send came to.
    for (const { desk, order } of claimed)
      await (desk === alice.name ? deskA : deskB).markOrderFailed(order.idempotencyKey, 'test clean-up');
  });

  it('lets another desk resend an order once its lease has expired, with the same key', async () => {
    const order = await deskA.beginOrder({ environment: env, userId: 6, kind: 'withdraw', amount: '15.00', bankAccountId: 12 }, 300);
    expect(order).toMatchObject({
      state: 'sending',
      claimedBy: alice.name,
      placedBy: alice.name,
      sendAttempts: 1,
      pair: null,
      bankAccountId: 12,
    });
    expect(order.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(await deskB.claimForSending(env, 60_000)).toBeNull();
    await sleep(400);
    const taken = await deskB.claimForSending(env, 60_000);
    expect(taken).toMatchObject({ id: order.id, idempotencyKey: order.idempotencyKey, claimedBy: bob.name, sendAttempts: 2 });
    expect(await deskA.extendLease(order.idempotencyKey)).toBe(false);
    expect(await deskB.extendLease(order.idempotencyKey)).toBe(true);
    const accepted = await deskB.markOrderAccepted(order.idempotencyKey, 7001);
    expect(accepted).toMatchObject({
      state: 'accepted',
      transactionId: 7001,
      claimedBy: null,
      leaseExpiresAtMs: null,
      updatedBy: bob.name,
      placedBy: alice.name,
    });
    // The late answer of the first desk for the same key changes nothing.
    expect(await deskA.markOrderAccepted(order.idempotencyKey, 7001)).toMatchObject({ state: 'accepted', transactionId: 7001 });
    await expect(deskA.markOrderAccepted(order.idempotencyKey, 7002)).rejects.toThrow(/accepted as transaction 7001/);
  });

  it('moves journal rows by the same rules as the local journal', async () => {
    const a = await deskA.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '50.00' });
    expect((await deskB.pendingSends(env)).map((o) => o.id)).toContain(a.id);
    await deskA.markOrderAccepted(a.idempotencyKey, 8001);
    expect(await deskB.recordOrderState(a.idempotencyKey, 'pending')).toMatchObject({ state: 'pending' });
    expect((await deskB.awaitingSettlement(env)).map((o) => o.id)).toContain(a.id);
    expect(await deskB.markOrderFinal(a.idempotencyKey, 'success')).toMatchObject({ state: 'success' });
    expect(await deskA.markOrderFailed(a.idempotencyKey, 'too late')).toMatchObject({ state: 'success', error: null });
    expect((await deskB.awaitingSettlement(env)).map((o) => o.id)).not.toContain(a.id);

    const b = await deskA.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '60.00' });
    expect(await deskA.markOrderNeedsReview(b.idempotencyKey, 'answer lost')).toMatchObject({
      state: 'needs_review',
      error: 'answer lost',
      claimedBy: null,
    });
    expect((await deskB.pendingSends(env)).map((o) => o.id)).not.toContain(b.id);
    expect(await deskB.markOrderAccepted(b.idempotencyKey, 8002)).toMatchObject({ state: 'accepted', error: null });

    const recent = await deskB.recentOrders(env, { userId: 6, states: ['success', 'accepted'], limit: 2 });
    expect(recent.map((o) => o.id)).toEqual([b.id, a.id]);
    await expect(deskA.markOrderFinal(b.idempotencyKey, 'pending')).rejects.toBeInstanceOf(TeamStoreError);
    await expect(deskA.markOrderFailed('not-a-key', 'x')).rejects.toThrow(/No journal row/);
    await expect(deskA.beginOrder({ environment: env, userId: 6, kind: 'buy', amount: '1' })).rejects.toThrow(/needs a pair/);
  });

  it('shares the transaction cache and the history flag: one sync serves every desk', async () => {
    const env2 = await deskA.registerEnvironment(BASE_URL, 43);
    expect(
      await deskA.upsertTransactions(env2, [
        tx(1, 100, 'success'),
        tx(2, 100, 'pending', '0.00012'),
        tx(3, 101, 'pending'),
        tx(3, 101, 'pending'),
      ]),
    ).toBe(3);
    expect(await deskB.upsertTransactions(env2, [tx(2, 100, 'success', '0.00012'), tx(4, 102, 'failed')])).toBe(1);
    expect(await deskB.countTransactions(env2)).toBe(4);
    expect(await deskB.knownTransactionIds(env2, [1, 4, 99])).toEqual(new Set([1, 4]));
    expect(await deskA.unsettledTransactions(env2)).toEqual({ rows: [{ id: 3, userId: 101 }], newerThanOldest: 1 });
    const page = await deskA.queryTransactions(env2, { userId: 100 }, { column: 'amount', direction: 'asc' }, 10, 0);
    expect(page).toMatchObject({
      total: 2,
      rows: [
        { id: 2, amount: '0.00012', state: 'success', fee: '1.5' },
        { id: 1, amount: '100' },
      ],
    });
    expect((await deskA.queryTransactions(env2, { text: 'FAILED' }, undefined, 10, 0)).rows.map((r) => r.id)).toEqual([4]);
    const csv = await deskB.exportTransactionsCsv(env2, { state: 'pending' }, undefined);
    expect(csv).toEqual({
      rows: 1,
      csv: 'id,user_id,type,amount,pair,price,date,state,fee,subtotal,total\r\n3,101,buy,100,btceur,61000.5,2025-01-13T10:00:00.000,pending,1.5,98.5,100\r\n',
    });
    expect((await deskB.getUser(env2, 102))?.id).toBe(102);
    expect(await deskB.countTransactions(env)).not.toBe(4);
    expect(await deskB.isHistoryComplete(env2)).toBe(false);
    await deskA.markHistoryComplete(env2);
    expect(await deskB.isHistoryComplete(env2)).toBe(true);
  });

  it('keeps one audit trail for the team, with the operator from the database', async () => {
    await deskB.appendAudit({
      environment: env,
      osUser: 'bob-pc',
      action: 'bank.add',
      summary: 'Added IBAN SI56…',
      outcome: 'ok',
      detail: { clientSecret: 'xyz', iban: 'SI56' },
    });
    const { rows, total } = await deskA.queryAudit({ action: 'bank.add' }, 10, 0);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ operator: bob.name, osUser: 'bob-pc', environment: env, summary: 'Added IBAN SI56…', outcome: 'ok' });
    const csv = await deskA.exportAuditCsv({ text: 'iban' });
    expect(csv.rows).toBe(1);
    expect(csv.csv).toContain('{""clientSecret"":""[redacted]"",""iban"":""SI56""}');
    expect(csv.csv).not.toContain('xyz');
    expect(await deskA.verifyAudit()).toMatchObject({ intact: true });
  });

  it('lets only an admin set the team policy', async () => {
    await expect(deskA.setPolicy(env, { perOrderLimitEur: '1.00' })).rejects.toMatchObject({ kind: 'permission' });
    const admin = openTeamStore(boss.url);
    try {
      expect(await admin.setPolicy(env, { perOrderLimitEur: '2500' })).toMatchObject({ perOrderLimitEur: '2500.00', updatedBy: boss.name });
    } finally {
      await admin.close();
    }
    expect(await deskA.getPolicy(env)).toMatchObject({ perOrderLimitEur: '2500.00', updatedBy: boss.name });
  });

  it('reports an unreachable database as TeamDbUnavailableError, without the password', async () => {
    const port = cluster.port === 1 ? 2 : 1;
    const away = openTeamStore(`postgresql://alice:Secret-Pw-42@127.0.0.1:${port}/kriptomat_desk`);
    try {
      const failure = await away
        .beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '5' })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TeamDbUnavailableError);
      expect(failure).toMatchObject({ kind: 'unavailable', code: 'ECONNREFUSED' });
      expect((failure as Error).message).toBe('The team database at alice@127.0.0.1:1/kriptomat_desk cannot be reached (ECONNREFUSED).');
      await expect(away.operator()).rejects.toBeInstanceOf(TeamDbUnavailableError);
      const sub = await away.listen(() => undefined, { retryMs: 10_000 });
      expect(sub.connected).toBe(false);
      await sub.close();
    } finally {
      await away.close();
    }
  });
});
