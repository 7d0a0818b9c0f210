// The order journal written only through database functions (migration 7,
// 0007-order-journal-through-functions.sql), tried on a real PostgreSQL as the
// bypasses of issue 19 were: raw SQL in each desk role's own session (operator
// alice and dave, approver bob, admin boss), and as the superuser where the
// second wall (the freeze trigger) must hold even for the schema's owner.
// A refused write leaves nothing another desk could claim and send.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { openTeamStore, type TeamStore } from '../../../main/store/postgres/team-store';
import { initTeamDb } from '../../../main/store/postgres/migrate';
import { TEAM_MIGRATIONS } from '../../../main/store/postgres/migration-files';
import { RATE_FRESH_SECONDS } from '../../../main/store/postgres/constants';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, refusedWith, startCluster, withClient } from './support';

const BASE_URL = 'https://stagingapi.kminfra.net/v1';
const OUTCOME = 'SELECT state, transaction_id, error FROM desk.record_order_outcome($1, $2, $3, $4, $5)';

type Login = { name: string; url: string };

describe.skipIf(noPostgres)('the order journal, written only through the database functions', () => {
  let cluster: DevCluster;
  let superUrl: string;
  let alice: Login;
  let dave: Login;
  let bob: Login;
  let boss: Login;
  const stores: TeamStore[] = [];
  let a: TeamStore;
  let d: TeamStore;
  let b: TeamStore;
  let admin: TeamStore;
  let nextClientId = 100;

  const freshEnvironment = (): Promise<string> => a.registerEnvironment(BASE_URL, ++nextClientId);
  const asLogin = (login: Login | string, text: string, values: unknown[] = []): Promise<pg.QueryResult> =>
    withClient(typeof login === 'string' ? login : login.url, (client) => client.query(text, values));
  const rowOf = async (id: string): Promise<Record<string, unknown>> =>
    (
      await asLogin(superUrl, 'SELECT state, amount, user_id::int, transaction_id::int, error, claimed_by FROM desk.orders WHERE id = $1', [
        id,
      ])
    ).rows[0] as Record<string, unknown>;
  const countRows = async (environment: string): Promise<number> =>
    ((await asLogin(superUrl, 'SELECT count(*)::int AS n FROM desk.orders WHERE environment = $1', [environment])).rows[0] as { n: number })
      .n;

  beforeAll(async () => {
    cluster = await startCluster();
    superUrl = await freshDatabase(cluster);
    [alice, dave, bob, boss] = await Promise.all([
      addLogin(cluster, superUrl, 'alice', 'operator'),
      addLogin(cluster, superUrl, 'dave', 'operator'),
      addLogin(cluster, superUrl, 'bob', 'approver'),
      addLogin(cluster, superUrl, 'boss', 'admin'),
    ]);
    [a, d, b, admin] = [openTeamStore(alice.url), openTeamStore(dave.url), openTeamStore(bob.url), openTeamStore(boss.url)];
    stores.push(a, d, b, admin);
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('refuses a row written straight into the journal, by every role, so no desk ever sends it', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', thresholdEur: '100', approvalsNeeded: 1 });
    for (const login of [alice, bob, boss]) {
      await expect(
        asLogin(login, "INSERT INTO desk.orders (environment, user_id, kind, pair, amount) VALUES ($1, 6, 'buy', 'btceur', '512.34')", [
          env,
        ]),
      ).rejects.toMatchObject(refusedWith('42501', /permission denied for table orders/));
    }
    expect(await countRows(env)).toBe(0);
    expect(await b.claimForSending(env)).toBeNull();
  });

  it('refuses changing, failing, deleting or truncating rows by hand, whoever tries', async () => {
    const env = await freshEnvironment();
    const order = await a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '25.00' });
    await a.markOrderAccepted(order.idempotencyKey, 7001);
    for (const login of [alice, dave, bob, boss]) {
      await expect(asLogin(login, "UPDATE desk.orders SET amount = '4321.00' WHERE id = $1", [order.id])).rejects.toMatchObject({
        code: '42501',
      });
      await expect(
        asLogin(login, "UPDATE desk.orders SET state = 'failed', error = 'Refused by Kriptomat' WHERE id = $1", [order.id]),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(asLogin(login, 'DELETE FROM desk.orders WHERE id = $1', [order.id])).rejects.toMatchObject({ code: '42501' });
      await expect(asLogin(login, 'TRUNCATE desk.orders CASCADE')).rejects.toMatchObject({ code: '42501' });
    }
    expect(await rowOf(order.id)).toMatchObject({ state: 'accepted', amount: '25.00', transaction_id: 7001, error: null });
  });

  it('records what a send came to only from the desk holding its lease', async () => {
    const env = await freshEnvironment();
    const order = await a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '30.00' });
    for (const login of [dave, bob, boss]) {
      await expect(asLogin(login, OUTCOME, [order.idempotencyKey, 'failed', null, null, 'Forged'])).rejects.toMatchObject(
        refusedWith('KA013', new RegExp(`being sent by ${alice.name}: only the desk holding its send lease`)),
      );
      await expect(asLogin(login, OUTCOME, [order.idempotencyKey, 'accepted', 666, null, null])).rejects.toMatchObject({ code: 'KA013' });
    }
    await expect(d.markOrderNeedsReview(order.idempotencyKey, 'Forged')).rejects.toThrow(/only the desk holding its send lease/);
    expect(await d.extendLease(order.idempotencyKey)).toBe(false);
    expect(await rowOf(order.id)).toMatchObject({ state: 'sending', transaction_id: null, error: null, claimed_by: alice.name });

    // Its lease runs out and dave's desk takes it over: now alice's answer is refused, dave's recorded.
    await asLogin(superUrl, 'UPDATE desk.orders SET lease_expires_at = clock_timestamp() WHERE id = $1', [order.id]);
    expect(await d.claimForSending(env)).toMatchObject({ id: order.id, claimedBy: dave.name, sendAttempts: 2 });
    await expect(a.markOrderAccepted(order.idempotencyKey, 7002)).rejects.toThrow(new RegExp(`being sent by ${dave.name}`));
    expect(await d.markOrderAccepted(order.idempotencyKey, 7002)).toMatchObject({
      state: 'accepted',
      transactionId: 7002,
      claimedBy: null,
    });

    // Past `sending`, settling is any desk's (it polls Kriptomat), and a final row never changes.
    expect(await b.markOrderFinal(order.idempotencyKey, 'success')).toMatchObject({ state: 'success' });
    expect((await asLogin(bob, OUTCOME, [order.idempotencyKey, 'failed', null, null, 'Forged'])).rows[0]).toEqual({
      state: 'success',
      transaction_id: '7002',
      error: null,
    });
  });

  it('refuses an outcome that is no transition, in the words the desk shows', async () => {
    const env = await freshEnvironment();
    const order = await a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '31.00' });
    await expect(asLogin(alice, OUTCOME, [order.idempotencyKey, 'final', null, 'pending', null])).rejects.toMatchObject({
      message: 'pending is not a final state',
    });
    await expect(asLogin(alice, OUTCOME, [order.idempotencyKey, 'sending', null, null, null])).rejects.toMatchObject({
      message: 'Not an order outcome: sending',
    });
    await expect(asLogin(alice, OUTCOME, ['00000000-0000-4000-8000-000000000000', 'failed', null, null, 'x'])).rejects.toMatchObject({
      message: 'No journal row has idempotency key 00000000-0000-4000-8000-000000000000',
    });
    await a.markOrderAccepted(order.idempotencyKey, 7003);
    await expect(a.markOrderAccepted(order.idempotencyKey, 7004)).rejects.toThrow(`was accepted as transaction 7003, not 7004`);
  });

  it('never writes an order a rule covers as sending: it must be proposed', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', thresholdEur: '100', approvalsNeeded: 1 });
    await admin.saveRule(env, { action: 'sell', thresholdEur: '1000', approvalsNeeded: 1 });
    await admin.saveRule(env, { action: 'withdraw', newAccountHours: 48, approvalsNeeded: 1 });

    // The 888 EUR buy, through the desk's store and as raw SQL.
    await expect(a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '888.00' })).rejects.toMatchObject({
      kind: 'refused',
      refusal: 'approval-required',
      message: expect.stringMatching(/This buy needs approval under the team's rule \d+: buy from 100\.00 EUR: 1 approval/) as unknown,
    });
    await expect(
      asLogin(alice, "SELECT * FROM desk.begin_order($1, 6, 'buy', 'btceur', '100', NULL, 60000, NULL)", [env]),
    ).rejects.toMatchObject(refusedWith('KA011', /Propose it for approval/));
    // Below the threshold it goes out as an ordinary order.
    expect(await a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '99.99' })).toMatchObject({
      state: 'sending',
    });
    // A sell's EUR value needs a rate, and the database records none: any sell rule covers it (fails closed).
    const sell = { environment: env, userId: 6, kind: 'sell' as const, pair: 'btceur', amount: '0.0001' };
    await expect(a.beginOrder(sell)).rejects.toMatchObject({ refusal: 'approval-required' });
    // So the desk's question and the proposal agree: it goes to approval, whatever rate the desk values it at.
    expect(await a.matchRule(env, 'sell', '6.10', null)).toMatchObject({ action: 'sell', thresholdEur: '1000.00' });
    expect(await a.propose({ ...sell, rateAtProposal: '61000' })).toMatchObject({ state: 'awaiting_approval', valueEur: '6.1000' });
    // A bank account never seen is of unknown age, and one seen just now is new: both need approval.
    const withdraw = { environment: env, userId: 6, kind: 'withdraw' as const, amount: '10.00', bankAccountId: 77 };
    await expect(a.beginOrder(withdraw)).rejects.toMatchObject({ refusal: 'approval-required' });
    await a.noteBankAccounts(env, 6, [77], 'listed');
    await expect(a.beginOrder(withdraw)).rejects.toMatchObject({ refusal: 'approval-required' });
    // Known for longer than the rule's 48 h: an ordinary withdrawal.
    await asLogin(superUrl, "UPDATE desk.bank_accounts_seen SET first_seen_at = now() - interval '49 hours' WHERE bank_account_id = 77");
    expect(await a.beginOrder(withdraw)).toMatchObject({ state: 'sending', bankAccountId: 77 });

    const sending = await asLogin(superUrl, "SELECT amount FROM desk.orders WHERE environment = $1 AND state = 'sending' ORDER BY seq", [
      env,
    ]);
    expect(sending.rows).toEqual([{ amount: '99.99' }, { amount: '10.00' }]);
  });

  it("values a sell at the rate the team's desks recorded while it is fresh, and fails closed without one", async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'sell', thresholdEur: '1000', approvalsNeeded: 1 });
    const sell = (amount: string): { environment: string; userId: number; kind: 'sell'; pair: string; amount: string } => ({
      environment: env,
      userId: 6,
      kind: 'sell',
      pair: 'btceur',
      amount,
    });
    const asked = (amount: string): Promise<unknown> => a.matchRule(env, 'sell', null, null, { pair: 'btceur', amount });
    // No rate recorded: every sell under a sell rule needs approval, and the desk's question says so.
    await expect(a.beginOrder(sell('0.0001'))).rejects.toMatchObject({ refusal: 'approval-required' });
    expect(await asked('0.0001')).toMatchObject({ thresholdEur: '1000.00' });

    // One call records a poll's pairs; 0.0001 BTC at 60000 EUR is 6 EUR, under the rule.
    await d.recordRates(env, [
      { pair: 'btceur', rate: '60000' },
      { pair: 'etheur', rate: '3000.5' },
    ]);
    expect(
      (await asLogin(superUrl, 'SELECT pair, rate::text, recorded_by FROM desk.rates WHERE environment = $1 ORDER BY pair', [env])).rows,
    ).toEqual([
      { pair: 'btceur', rate: '60000', recorded_by: dave.name },
      { pair: 'etheur', rate: '3000.5', recorded_by: dave.name },
    ]);
    expect(await asked('0.0001')).toBeNull();
    expect(await a.beginOrder(sell('0.0001'))).toMatchObject({ state: 'sending', amount: '0.0001' });
    // 0.02 BTC is 1200 EUR: over the threshold, refused in words, and the desk's question agrees.
    expect(await asked('0.02')).toMatchObject({ thresholdEur: '1000.00' });
    await expect(a.beginOrder(sell('0.02'))).rejects.toMatchObject({
      refusal: 'approval-required',
      message: expect.stringMatching(/This sell needs approval under the team's rule \d+: sell from 1000\.00 EUR/) as unknown,
    });
    // The next poll updates the same row (the rate fell: 0.02 BTC is now 900 EUR).
    await a.recordRates(env, [{ pair: 'btceur', rate: '45000' }]);
    expect(await a.beginOrder(sell('0.02'))).toMatchObject({ state: 'sending' });

    // A rate older than the freshness window is no rate: fail closed again.
    await asLogin(
      superUrl,
      `UPDATE desk.rates SET recorded_at = now() - ${RATE_FRESH_SECONDS + 5} * interval '1 second' WHERE environment = $1`,
      [env],
    );
    await expect(a.beginOrder(sell('0.0001'))).rejects.toMatchObject({ refusal: 'approval-required' });
    expect(await asked('0.0001')).toMatchObject({ thresholdEur: '1000.00' });

    // A rate that is not above 0, or a pair that is not one, is refused and nothing is written.
    for (const [pair, rate] of [
      ['btceur', '0'],
      ['btceur', '-5'],
      ['not a pair', '1'],
    ]) {
      await expect(asLogin(alice, 'SELECT desk.record_rates($1, $2::text[], $3::numeric[])', [env, [pair], [rate]])).rejects.toMatchObject({
        code: '22023',
      });
    }
    expect((await asLogin(superUrl, "SELECT rate::text FROM desk.rates WHERE environment = $1 AND pair = 'btceur'", [env])).rows).toEqual([
      { rate: '45000' },
    ]);
    // Only through the function: no desk login writes the table itself.
    for (const login of [alice, bob, boss]) {
      await expect(
        asLogin(login, "INSERT INTO desk.rates (environment, pair, rate) VALUES ($1, 'xrpeur', 1)", [env]),
      ).rejects.toMatchObject(refusedWith('42501', /permission denied for table rates/));
      await expect(
        asLogin(login, 'UPDATE desk.rates SET recorded_at = now(), rate = 1 WHERE environment = $1', [env]),
      ).rejects.toMatchObject(refusedWith('42501', /permission denied for table rates/));
    }
    expect((await asLogin(superUrl, 'SELECT count(*)::int AS n FROM desk.rates WHERE environment = $1', [env])).rows).toEqual([{ n: 2 }]);
  });

  it("keeps a proposal's content as proposed: the approver approves what was proposed, even against the owner", async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', thresholdEur: '100', approvalsNeeded: 1 });
    const proposal = await a.propose({
      environment: env,
      userId: 6,
      kind: 'buy',
      pair: 'btceur',
      amount: '150.00',
      rateAtProposal: '61000',
    });
    await expect(asLogin(alice, "UPDATE desk.orders SET amount = '4321.00' WHERE id = $1", [proposal.id])).rejects.toMatchObject({
      code: '42501',
    });
    // The second wall: not even the schema's owner changes what an order is.
    for (const change of ["amount = '4321.00'", 'user_id = 7', "pair = 'etheur'", "kind = 'sell'", 'idempotency_key = gen_random_uuid()']) {
      await expect(asLogin(superUrl, `UPDATE desk.orders SET ${change} WHERE id = $1`, [proposal.id])).rejects.toMatchObject(
        refusedWith('KA012', /cannot be changed once written/),
      );
    }
    const approved = await b.decide(env, proposal.id, 'approve');
    expect(approved).toMatchObject({ state: 'sending', amount: '150.00', userId: 6, pair: 'btceur' });
    const sent = await b.claimForSending(env);
    expect(sent).toMatchObject({ id: proposal.id, amount: '150.00', idempotencyKey: proposal.idempotencyKey });
  });

  it('keeps a final row final, even against the owner', async () => {
    const env = await freshEnvironment();
    const order = await a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '12.00' });
    await a.markOrderFailed(order.idempotencyKey, 'Refused by Kriptomat');
    await expect(asLogin(superUrl, "UPDATE desk.orders SET state = 'sending' WHERE id = $1", [order.id])).rejects.toMatchObject(
      refusedWith('KA012', /is final \(failed\): it never changes again/),
    );
    await expect(asLogin(superUrl, "UPDATE desk.orders SET error = 'Forged' WHERE id = $1", [order.id])).rejects.toMatchObject({
      code: 'KA012',
    });
    expect(await rowOf(order.id)).toMatchObject({ state: 'failed', error: 'Refused by Kriptomat' });
  });

  it('runs every journal function as its owner with a pinned search_path, executable by the desk roles only', async () => {
    const { rows } = await asLogin(
      superUrl,
      `SELECT p.proname, p.prosecdef, p.proconfig, has_function_privilege('public', p.oid, 'EXECUTE') AS public_may
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'desk' AND p.proname IN ('begin_order', 'propose_order', 'claim_order', 'extend_order_lease', 'record_order_outcome')
        ORDER BY p.proname`,
    );
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row, String(row.proname)).toMatchObject({
        prosecdef: true,
        proconfig: ['search_path=pg_catalog, pg_temp'],
        public_may: false,
      });
    }
  });

  it('migrates a database written by older desks forward: its rows keep their meaning, and only the functions write', async () => {
    const url = await freshDatabase(cluster, { init: false });
    await withClient(url, (c) =>
      initTeamDb(
        c,
        TEAM_MIGRATIONS.filter((m) => m.version < 7),
      ),
    );
    const [olga, vera, owen] = await Promise.all([
      addLogin(cluster, url, 'olga', 'operator'),
      addLogin(cluster, url, 'vera', 'approver'),
      addLogin(cluster, url, 'owen', 'admin'),
    ]);
    // Written as a desk of migration 6 wrote them: straight into the table.
    const env = (
      (await asLogin(olga, "INSERT INTO desk.environments (key, base_url, client_id) VALUES ('old#1', $1, 1) RETURNING key", [BASE_URL]))
        .rows[0] as { key: string }
    ).key;
    await asLogin(
      owen,
      "INSERT INTO desk.approval_rules (environment, action, threshold_eur, approvals_needed) VALUES ($1, 'buy', 100, 1)",
      [env],
    );
    const insert = (state: string, amount: string, extra = ''): Promise<pg.QueryResult> =>
      asLogin(
        olga,
        `INSERT INTO desk.orders (environment, user_id, kind, pair, amount, state, rate_at_proposal${extra ? ', claimed_by, lease_expires_at' : ''})
         VALUES ($1, 6, 'buy', 'btceur', $2, $3, 61000${extra}) RETURNING id, idempotency_key`,
        [env, amount, state],
      );
    const sending = (await insert('sending', '20.00', ", session_user, now() + interval '1 hour'")).rows[0] as { idempotency_key: string };
    const proposal = (await insert('awaiting_approval', '500.00')).rows[0] as { id: string };

    await withClient(url, (c) => initTeamDb(c));
    const [o, v] = [openTeamStore(olga.url), openTeamStore(vera.url)];
    stores.push(o, v);
    await expect(insert('sending', '512.34')).rejects.toMatchObject({ code: '42501' });
    // The row still being sent is its desk's to finish; the proposal is decided and sent as before.
    await expect(v.markOrderFailed(sending.idempotency_key, 'Forged')).rejects.toThrow(/only the desk holding its send lease/);
    expect(await o.markOrderAccepted(sending.idempotency_key, 8001)).toMatchObject({ state: 'accepted', transactionId: 8001 });
    expect(await v.decide(env, proposal.id, 'approve')).toMatchObject({ state: 'sending', amount: '500.00' });
    expect(await o.claimForSending(env)).toMatchObject({ id: proposal.id, claimedBy: olga.name });
  });
});
