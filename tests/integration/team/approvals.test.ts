// Four-eyes approvals on a real PostgreSQL, as separate logins: an operator
// (alice, and dave), two approvers (bob, carol) and an admin (boss). The
// database is the judge: every refusal is tried through TeamStore and as raw SQL
// in that login's own session, and the audit chain still verifies at the end.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { TeamApprovalRefusedError, TeamStoreError } from '../../../main/store/postgres/errors';
import type { TeamChange } from '../../../main/store/postgres/listener';
import { openTeamStore, type TeamNewProposal, type TeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, refusedWith, startCluster, withClient } from './support';

const BASE_URL = 'https://stagingapi.kminfra.net/v1';

type Login = { name: string; url: string };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noPostgres)('four-eyes approvals, judged by the team database', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let alice: Login;
  let dave: Login;
  let bob: Login;
  let carol: Login;
  let boss: Login;
  const stores: TeamStore[] = [];
  let a: TeamStore;
  let b: TeamStore;
  let c: TeamStore;
  let d: TeamStore;
  let admin: TeamStore;
  let nextClientId = 100;
  /** Whose desk won the race to send the approved order (and so wrote its approval.send). */
  let sentBy = '';

  /** Each scenario its own environment, so its rules are the only ones that match. */
  const freshEnvironment = (): Promise<string> => a.registerEnvironment(BASE_URL, ++nextClientId);

  /** A buy's amount is EUR: its value. */
  const buy = (environment: string, eur: string, userId = 6): TeamNewProposal => ({
    environment,
    userId,
    kind: 'buy',
    pair: 'btceur',
    amount: eur,
    rateAtProposal: '61000.50',
  });

  /** Runs one statement in the login's own session: the raw SQL a desk could send. */
  const asLogin = (login: Login, text: string, values: unknown[] = []): Promise<pg.QueryResult> =>
    withClient(login.url, (client) => client.query(text, values));

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    [alice, dave, bob, carol, boss] = await Promise.all([
      addLogin(cluster, adminUrl, 'alice', 'operator'),
      addLogin(cluster, adminUrl, 'dave', 'operator'),
      addLogin(cluster, adminUrl, 'bob', 'approver'),
      addLogin(cluster, adminUrl, 'carol', 'approver'),
      addLogin(cluster, adminUrl, 'boss', 'admin'),
    ]);
    [a, d, b, c, admin] = [
      openTeamStore(alice.url),
      openTeamStore(dave.url),
      openTeamStore(bob.url),
      openTeamStore(carol.url),
      openTeamStore(boss.url),
    ];
    stores.push(a, d, b, c, admin);
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('lets only an admin add, change and remove rules, and audits each change', async () => {
    const env = await freshEnvironment();
    const changes: TeamChange[] = [];
    const sub = await a.listen((change) => changes.push(change));
    const rule = await admin.saveRule(env, { action: 'buy', thresholdEur: '1000', approvalsNeeded: 2 });
    expect(rule).toMatchObject({
      environment: env,
      action: 'buy',
      thresholdEur: '1000.00',
      approvalsNeeded: 2,
      expirySeconds: 86_400,
      enabled: true,
      createdBy: boss.name,
    });
    expect(await a.listRules(env)).toEqual([rule]);

    for (const [login, store] of [
      [alice, a],
      [bob, b],
    ] as const) {
      await expect(store.saveRule(env, { action: 'buy', approvalsNeeded: 1 })).rejects.toMatchObject({ kind: 'permission' });
      await expect(store.saveRule(env, { id: rule.id, action: 'buy', thresholdEur: '1', approvalsNeeded: 1 })).rejects.toMatchObject({
        kind: 'permission',
      });
      await expect(store.deleteRule(env, rule.id)).rejects.toMatchObject({ kind: 'permission' });
      await expect(
        asLogin(login, "INSERT INTO desk.approval_rules (environment, action, approvals_needed) VALUES ($1, 'sell', 1)", [env]),
      ).rejects.toMatchObject(refusedWith('42501', /permission denied/));
      await expect(asLogin(login, 'UPDATE desk.approval_rules SET approvals_needed = 1')).rejects.toMatchObject({ code: '42501' });
      await expect(asLogin(login, 'DELETE FROM desk.approval_rules')).rejects.toMatchObject({ code: '42501' });
    }
    expect(await a.listRules(env)).toEqual([rule]);

    const changed = await admin.saveRule(env, {
      id: rule.id,
      action: 'buy',
      thresholdEur: '2500.50',
      approvalsNeeded: 3,
      expirySeconds: 7200,
      position: 4,
    });
    expect(changed).toMatchObject({
      id: rule.id,
      thresholdEur: '2500.50',
      approvalsNeeded: 3,
      expirySeconds: 7200,
      position: 4,
      createdBy: boss.name,
      updatedBy: boss.name,
    });
    expect(await admin.deleteRule(env, rule.id)).toBe(true);
    expect(await admin.deleteRule(env, rule.id)).toBe(false);
    expect(await a.listRules(env)).toEqual([]);

    const { rows } = await a.queryAudit({ environment: env }, 10, 0);
    expect(rows.map((r) => [r.action, r.operator, r.summary]).reverse()).toEqual([
      ['approval.rule.add', boss.name, `Approval rule ${rule.id} added: buy from 1000.00 EUR: 2 approvals within 24 h`],
      ['approval.rule.change', boss.name, `Approval rule ${rule.id} changed: buy from 2500.50 EUR: 3 approvals within 2 h`],
      ['approval.rule.remove', boss.name, `Approval rule ${rule.id} removed: buy from 2500.50 EUR: 3 approvals within 2 h`],
    ]);
    // Every desk hears of each change, the removal included.
    const deadline = Date.now() + 2000;
    const ruleOps = (): string[] =>
      changes.filter((x) => x.table === 'approval_rules' && x.id === String(rule.id) && x.environment === env).map((x) => x.op);
    while (ruleOps().length < 3 && Date.now() < deadline) await sleep(10);
    await sub.close();
    expect(ruleOps()).toEqual(['insert', 'update', 'delete']);
  });

  it('refuses rules that make no sense, in the database as well as in TeamStore', async () => {
    const env = await freshEnvironment();
    await expect(admin.saveRule(env, { action: 'buy', approvalsNeeded: 4 })).rejects.toThrow(/1, 2 or 3 approvals/);
    await expect(admin.saveRule(env, { action: 'buy', thresholdEur: '-5', approvalsNeeded: 1 })).rejects.toThrow(/Not a EUR threshold/);
    await expect(admin.saveRule(env, { action: 'sell', newAccountHours: 24, approvalsNeeded: 1 })).rejects.toThrow(
      /Only a withdrawal rule/,
    );
    await expect(admin.saveRule(env, { action: 'add_bank_account', thresholdEur: '10', approvalsNeeded: 1 })).rejects.toThrow(
      /has no amount/,
    );
    for (const sql of [
      "INSERT INTO desk.approval_rules (environment, action, approvals_needed) VALUES ($1, 'buy', 0)",
      "INSERT INTO desk.approval_rules (environment, action, approvals_needed, threshold_eur) VALUES ($1, 'buy', 1, -1)",
      "INSERT INTO desk.approval_rules (environment, action, approvals_needed, new_account_hours) VALUES ($1, 'buy', 1, 24)",
      "INSERT INTO desk.approval_rules (environment, action, approvals_needed) VALUES ($1, 'transfer', 1)",
    ]) {
      await expect(asLogin(boss, sql, [env]), sql).rejects.toMatchObject({ code: '23514' });
    }
    expect(await a.listRules(env)).toEqual([]);
  });

  it('matches the strictest rule: the highest threshold that matches, then the most approvals', async () => {
    const env = await freshEnvironment();
    const save = (rule: Parameters<TeamStore['saveRule']>[1]): Promise<number> => admin.saveRule(env, rule).then((r) => r.id);
    const anyBuy = await save({ action: 'buy', approvalsNeeded: 1 });
    await save({ action: 'buy', thresholdEur: '1000', approvalsNeeded: 1 });
    const bigBuy = await save({ action: 'buy', thresholdEur: '1000', approvalsNeeded: 2 });
    await save({ action: 'buy', thresholdEur: '5000', approvalsNeeded: 3, enabled: false });
    const bigWithdraw = await save({ action: 'withdraw', thresholdEur: '10000', approvalsNeeded: 1 });
    const newAccount = await save({ action: 'withdraw', newAccountHours: 48, approvalsNeeded: 3 });
    const bank = await save({ action: 'add_bank_account', approvalsNeeded: 2 });

    const cases: Array<[Parameters<TeamStore['matchRule']>, number | null]> = [
      [[env, 'buy', '500'], anyBuy],
      [[env, 'buy', '999.99'], anyBuy],
      [[env, 'buy', '1000'], bigBuy],
      // The disabled 5000 rule does not count.
      [[env, 'buy', '25000'], bigBuy],
      // Unknown value: fails closed to the strictest.
      [[env, 'buy', null], bigBuy],
      [[env, 'sell', '25000'], null],
      [[env, 'withdraw', '50', 100], null],
      [[env, 'withdraw', '50', 10], newAccount],
      [[env, 'withdraw', '50', 48], null],
      [[env, 'withdraw', '50', null], newAccount],
      [[env, 'withdraw', '20000', 10], bigWithdraw],
      [[env, 'add_bank_account', null], bank],
      [[env, 'change_user_status', null], null],
    ];
    for (const [args, expected] of cases) {
      expect((await d.matchRule(...args))?.id ?? null, JSON.stringify(args.slice(1))).toBe(expected);
    }
    // The proposal trigger applies the same rule the desk previewed.
    const proposal = await a.propose({
      environment: env,
      userId: 6,
      kind: 'withdraw',
      amount: '50',
      bankAccountId: 12,
      bankAccountAgeHours: 10,
    });
    expect(proposal.rule).toMatchObject({ id: newAccount, approvalsNeeded: 3, newAccountHours: 48, thresholdEur: null });
  });

  it('journals a proposal awaiting approval that no desk can claim or release by itself', async () => {
    const env = await freshEnvironment();
    const rule = await admin.saveRule(env, { action: 'buy', thresholdEur: '1000', approvalsNeeded: 1 });
    await expect(a.propose(buy(env, '999'))).rejects.toMatchObject({ kind: 'refused', refusal: 'no-rule' });

    const proposal = await a.propose(buy(env, '2500'));
    expect(proposal).toMatchObject({
      state: 'awaiting_approval',
      approvalState: 'pending',
      proposedBy: alice.name,
      placedBy: alice.name,
      valueEur: '2500',
      rateAtProposal: '61000.50',
      rule: { id: rule.id, thresholdEur: '1000.00', approvalsNeeded: 1 },
      decisions: [],
      approvals: 0,
      claimedBy: null,
      sendAttempts: 0,
    });
    expect(proposal.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect((await b.listProposals(env)).map((p) => p.id)).toEqual([proposal.id]);

    expect(await a.claimForSending(env)).toBeNull();
    expect(await b.claimForSending(env)).toBeNull();
    // Moving it on by hand is refused, whoever tries: no desk login may write desk.orders (migration 7).
    for (const login of [alice, bob, boss]) {
      await expect(asLogin(login, "UPDATE desk.orders SET state = 'sending' WHERE id = $1", [proposal.id])).rejects.toMatchObject(
        refusedWith('42501', /permission denied/),
      );
    }
    await expect(
      asLogin(alice, "UPDATE desk.orders SET claimed_by = session_user, lease_expires_at = now() + interval '1 hour' WHERE id = $1", [
        proposal.id,
      ]),
    ).rejects.toMatchObject({
      code: '42501',
    });
    // Nor through the journal's functions, which refuse with the guard's words.
    await expect(
      asLogin(alice, "SELECT * FROM desk.record_order_outcome($1, 'accepted', 4242, NULL, NULL)", [proposal.idempotencyKey]),
    ).rejects.toMatchObject(refusedWith('KA009', /awaits approval/));
    await expect(a.markOrderAccepted(proposal.idempotencyKey, 4242)).rejects.toMatchObject({
      kind: 'refused',
      refusal: 'awaiting-approval',
    });
    // Nor can a client choose its EUR value, its snapshot, or release it by inserting it: the INSERT itself is refused,
    await expect(
      asLogin(
        alice,
        `INSERT INTO desk.orders (environment, user_id, kind, pair, amount, state, value_eur, approvals_needed, approval_rule_id, approval_expires_at, approval_state)
         VALUES ($1, 6, 'buy', 'btceur', '5000', 'awaiting_approval', '1', 1, 999, now() + interval '1 year', 'approved')`,
        [env],
      ),
    ).rejects.toMatchObject({ code: '42501' });
    // and a proposal through its function is valued and judged by the database.
    const proposedId = (await asLogin(alice, "SELECT desk.propose_order($1, 6, 'buy', 'btceur', '5000', NULL, NULL, NULL) AS id", [env]))
      .rows[0] as { id: string };
    const proposed = await asLogin(alice, 'SELECT value_eur, approval_rule_id, approval_state FROM desk.orders WHERE id = $1', [
      proposedId.id,
    ]);
    expect(proposed.rows[0]).toEqual({ value_eur: '5000', approval_rule_id: String(rule.id), approval_state: 'pending' });
    // A sell is valued at the rate it is proposed at: without one there is no value to judge.
    await expect(asLogin(alice, "SELECT desk.propose_order($1, 6, 'sell', 'etheur', '5', NULL, NULL, NULL)", [env])).rejects.toMatchObject(
      refusedWith('23502', /needs the rate/),
    );
    await expect(a.propose({ environment: env, userId: 6, kind: 'sell', pair: 'etheur', amount: '5' })).rejects.toThrow(/needs the rate/);
    // A row written as an ordinary order cannot become a proposal afterwards.
    const plain = await a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '5' });
    await expect(asLogin(alice, "UPDATE desk.orders SET state = 'awaiting_approval' WHERE id = $1", [plain.id])).rejects.toMatchObject(
      refusedWith('42501', /permission denied/),
    );
  });

  it('sends an order proposed on A and approved on B exactly once, by whichever desk claims it', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', thresholdEur: '1000', approvalsNeeded: 1 });
    const changes: TeamChange[] = [];
    const sub = await b.listen((change) => changes.push(change));
    try {
      const proposal = await a.propose(buy(env, '2500'));
      const approved = await b.decide(env, proposal.id, 'approve');
      expect(approved).toMatchObject({ state: 'sending', approvalState: 'approved', approvals: 1, claimedBy: null, updatedBy: bob.name });
      expect(approved.decisions).toEqual([
        { approver: bob.name, decision: 'approve', reason: null, rate: null, atMs: expect.any(Number) as unknown },
      ]);
      expect(approved.decidedAtMs).not.toBeNull();
      expect(await b.listProposals(env)).toEqual([]);

      // Four desks race for it: one wins.
      const claims = await Promise.all([a.claimForSending(env), b.claimForSending(env), c.claimForSending(env), d.claimForSending(env)]);
      const won = claims.filter((x) => x !== null);
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ id: proposal.id, idempotencyKey: proposal.idempotencyKey, sendAttempts: 1 });
      expect(await a.claimForSending(env)).toBeNull();

      await expect(c.decide(env, proposal.id, 'approve')).rejects.toMatchObject({ kind: 'refused', refusal: 'already-approved' });
      await expect(c.decide(env, proposal.id, 'reject', 'too late')).rejects.toMatchObject({ refusal: 'already-approved' });
      // Only the desk that won the lease records what the send came to (migration 7).
      const desks = [a, b, c, d];
      const winner = desks[claims.findIndex((x) => x !== null)]!;
      const loser = desks.find((x) => x !== winner)!;
      await expect(loser.markOrderAccepted(proposal.idempotencyKey, 5150)).rejects.toThrow(/only the desk holding its send lease/);
      sentBy = won[0]!.claimedBy!;
      const sent = await winner.markOrderAccepted(proposal.idempotencyKey, 5150);
      expect(sent).toMatchObject({ state: 'accepted', transactionId: 5150 });

      const seen = (match: (x: TeamChange) => boolean): boolean => changes.some(match);
      const deadline = Date.now() + 2000;
      while (!seen((x) => x.table === 'approvals') && Date.now() < deadline) await sleep(10);
      expect(seen((x) => x.table === 'orders' && x.id === proposal.id && x.state === 'awaiting_approval' && x.op === 'insert')).toBe(true);
      expect(seen((x) => x.table === 'approvals' && x.id === proposal.id && x.environment === env)).toBe(true);
    } finally {
      await sub.close();
    }
  });

  it('never lets the proposer approve their own proposal, through TeamStore or in SQL', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', approvalsNeeded: 1 });
    const byAlice = await a.propose(buy(env, '10'));
    const byBob = await b.propose(buy(env, '20'));

    await expect(b.decide(env, byBob.id, 'approve')).rejects.toMatchObject({
      kind: 'refused',
      refusal: 'own-proposal',
      message: expect.stringMatching(/proposed order .* yourself/) as unknown,
    });
    await expect(b.decide(env, byBob.id, 'reject', 'never mind')).rejects.toMatchObject({ refusal: 'own-proposal' });
    for (const [login, order] of [
      [bob, byBob],
      [alice, byAlice],
    ] as const) {
      await expect(asLogin(login, "SELECT desk.decide_proposal($1, 'approve')", [order.id])).rejects.toMatchObject(
        refusedWith('KA001', /proposed order .* yourself/),
      );
      await expect(
        asLogin(login, "INSERT INTO desk.approvals (order_id, environment, decision) VALUES ($1, $2, 'approve')", [order.id, env]),
      ).rejects.toMatchObject({ code: '42501' });
    }
    await expect(a.decide(env, byAlice.id, 'approve')).rejects.toBeInstanceOf(TeamApprovalRefusedError);
    expect((await c.listProposals(env)).map((p) => [p.proposedBy, p.approvals])).toEqual([
      [alice.name, 0],
      [bob.name, 0],
    ]);
    // Another approver may.
    expect(await c.decide(env, byBob.id, 'approve')).toMatchObject({ state: 'sending', proposedBy: bob.name });
  });

  it('lets only desk_approver and desk_admin logins decide', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'sell', approvalsNeeded: 1 });
    const proposal = await a.propose({ ...buy(env, '0.5'), kind: 'sell', pair: 'etheur', rateAtProposal: '3100.25' });
    expect(proposal).toMatchObject({ valueEur: '1550.125', rateAtProposal: '3100.25', amount: '0.5' });
    await expect(d.decide(env, proposal.id, 'approve')).rejects.toMatchObject({
      kind: 'permission',
      message: expect.stringMatching(/only desk_approver or desk_admin/) as unknown,
    });
    await expect(asLogin(dave, "SELECT desk.decide_proposal($1, 'approve')", [proposal.id])).rejects.toMatchObject(
      refusedWith('42501', new RegExp(`${dave.name} may not decide`)),
    );
    await expect(asLogin(dave, "SELECT desk.decide_proposal($1, 'reject', 'no')", [proposal.id])).rejects.toMatchObject({ code: '42501' });
    expect((await a.proposalById(env, proposal.id))?.state).toBe('awaiting_approval');
    // An admin is an approver too.
    expect(await admin.decide(env, proposal.id, 'approve')).toMatchObject({ state: 'sending', decisions: [{ approver: boss.name }] });
  });

  it('takes two approvals from two different logins when the rule needs two', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', thresholdEur: '10000', approvalsNeeded: 2 });
    const proposal = await a.propose(buy(env, '20000'));
    expect(await b.decide(env, proposal.id, 'approve', 'checked the KYC', '61500.00')).toMatchObject({
      state: 'awaiting_approval',
      approvalState: 'pending',
      approvals: 1,
    });
    expect(await a.claimForSending(env)).toBeNull();
    await expect(b.decide(env, proposal.id, 'approve')).rejects.toMatchObject({
      refusal: 'same-approver',
      message: expect.stringMatching(/already approved/) as unknown,
    });
    await expect(asLogin(bob, "SELECT desk.decide_proposal($1, 'approve')", [proposal.id])).rejects.toMatchObject(
      refusedWith('KA002', /must come from another operator/),
    );
    const done = await c.decide(env, proposal.id, 'approve');
    expect(done).toMatchObject({ state: 'sending', approvalState: 'approved', approvals: 2 });
    expect(done.decisions.map((x) => [x.approver, x.reason, x.rate])).toEqual([
      [bob.name, 'checked the KYC', '61500.00'],
      [carol.name, null, null],
    ]);
    expect(done.rateAtProposal).toBe('61000.50');
    expect(await d.claimForSending(env)).toMatchObject({ id: proposal.id, claimedBy: dave.name });
  });

  it('takes decisions that arrive at once one after the other: one release, never a second', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', approvalsNeeded: 1 });
    const proposal = await a.propose(buy(env, '75'));
    const outcomes = await Promise.allSettled([
      b.decide(env, proposal.id, 'approve'),
      c.decide(env, proposal.id, 'approve'),
      admin.decide(env, proposal.id, 'reject', 'no'),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => (o.reason as TeamApprovalRefusedError).refusal)
        .sort(),
    ).toEqual(won[0]!.value.state === 'sending' ? ['already-approved', 'already-approved'] : ['rejected', 'rejected']);
    expect((await a.proposalById(env, proposal.id))?.decisions).toHaveLength(1);
    // A desk's profile decides only on its own environment's proposals.
    const other = await freshEnvironment();
    await expect(c.decide(other, proposal.id, 'approve')).rejects.toMatchObject({ refusal: 'not-a-proposal' });
  });

  it('needs a reason to reject, and a rejected proposal is never approved or sent', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'withdraw', approvalsNeeded: 2 });
    const proposal = await a.propose({
      environment: env,
      userId: 6,
      kind: 'withdraw',
      amount: '700',
      bankAccountId: 3,
      bankAccountAgeHours: 5,
    });
    await expect(b.decide(env, proposal.id, 'reject')).rejects.toMatchObject({ refusal: 'reason-required' });
    await expect(b.decide(env, proposal.id, 'reject', '   ')).rejects.toMatchObject({ refusal: 'reason-required' });
    await expect(asLogin(bob, "SELECT desk.decide_proposal($1, 'reject')", [proposal.id])).rejects.toMatchObject(
      refusedWith('KA006', /needs a reason/),
    );
    await expect(b.decide(env, proposal.id, 'maybe' as 'approve')).rejects.toBeInstanceOf(TeamStoreError);

    const rejected = await b.decide(env, proposal.id, 'reject', ' IBAN owner does not match ');
    expect(rejected).toMatchObject({
      state: 'rejected',
      approvalState: 'rejected',
      error: `Rejected by ${bob.name}: IBAN owner does not match`,
    });
    expect(rejected.decisions).toMatchObject([{ approver: bob.name, decision: 'reject', reason: 'IBAN owner does not match' }]);
    await expect(c.decide(env, proposal.id, 'approve')).rejects.toMatchObject({
      refusal: 'rejected',
      message: expect.stringMatching(/rejected by .*IBAN owner/) as unknown,
    });
    await expect(asLogin(carol, "SELECT desk.decide_proposal($1, 'approve')", [proposal.id])).rejects.toMatchObject({ code: 'KA004' });
    await expect(asLogin(alice, "UPDATE desk.orders SET state = 'sending' WHERE id = $1", [proposal.id])).rejects.toMatchObject({
      code: '42501',
    });
    await expect(
      asLogin(alice, "SELECT * FROM desk.record_order_outcome($1, 'accepted', 4242, NULL, NULL)", [proposal.idempotencyKey]),
    ).rejects.toMatchObject({ code: 'KA004' });
    expect(await a.claimForSending(env)).toBeNull();
    expect((await b.listProposals(env, { states: ['rejected'] })).map((p) => p.id)).toEqual([proposal.id]);
  });

  it('expires a proposal that was not approved in time; an expired one cannot be approved', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', approvalsNeeded: 2, expirySeconds: 1 });
    const proposal = await a.propose(buy(env, '40'));
    await b.decide(env, proposal.id, 'approve');
    await sleep(1200);
    // Overdue but not yet marked: already refused.
    await expect(c.decide(env, proposal.id, 'approve')).rejects.toMatchObject({
      refusal: 'expired',
      message: expect.stringMatching(/expired/) as unknown,
    });
    expect(await d.expireProposals(env)).toBe(1);
    expect(await d.expireProposals(env)).toBe(0);
    const expired = await a.proposalById(env, proposal.id);
    expect(expired).toMatchObject({ state: 'expired', approvalState: 'expired', approvals: 1 });
    await expect(c.decide(env, proposal.id, 'approve')).rejects.toMatchObject({ refusal: 'expired' });
    await expect(asLogin(carol, "SELECT desk.decide_proposal($1, 'approve')", [proposal.id])).rejects.toMatchObject({ code: 'KA003' });
    expect(await b.listProposals(env)).toEqual([]);
    expect(await a.claimForSending(env)).toBeNull();
  });

  it('keeps every step in the audit trail, and the chain still verifies', async () => {
    const { rows } = await admin.queryAudit({}, 500, 0);
    const steps = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!r.action.startsWith('approval.')) continue;
      steps.set(r.action, (steps.get(r.action) ?? new Set()).add(r.operator));
    }
    // Who did each step in the scenarios above (the race of decisions adds one more of bob, carol or boss).
    const expected: Record<string, string[]> = {
      'approval.rule.add': [boss.name],
      'approval.rule.change': [boss.name],
      'approval.rule.remove': [boss.name],
      'approval.propose': [alice.name, bob.name],
      'approval.approve': [bob.name, carol.name, boss.name],
      'approval.reject': [bob.name],
      'approval.expire': [dave.name],
      'approval.send': [sentBy],
    };
    expect([...steps.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [action, who] of Object.entries(expected)) expect([...steps.get(action)!], action).toEqual(expect.arrayContaining(who));
    expect(
      [
        ...steps.get('approval.rule.add')!,
        ...steps.get('approval.propose')!,
        ...steps.get('approval.expire')!,
        ...steps.get('approval.send')!,
      ].sort(),
    ).toEqual([boss.name, alice.name, bob.name, dave.name, sentBy].sort());
    const send = rows.find((r) => r.action === 'approval.send');
    expect(send).toMatchObject({
      outcome: 'ok',
      summary: expect.stringMatching(/^Approved buy 2500 btceur for user 6 \(2500\.00 EUR\) sent: transaction 5150, accepted$/) as unknown,
    });
    expect(await a.verifyAudit()).toMatchObject({ intact: true });
  });
});
