// The proposer withdrawing their own proposal (migration 6, desk.withdraw_proposal)
// on a real PostgreSQL, as separate logins: the proposer (alice), another
// operator (dave), an approver (bob) and an admin (boss) for the rules. Every
// refusal is tried as raw SQL in that login's own session; a withdrawn proposal
// ends rejected, is never sent or done, and is in the audit chain.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { openTeamStore, type TeamNewProposal, type TeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, refusedWith, startCluster, withClient } from './support';

const BASE_URL = 'https://stagingapi.kminfra.net/v1';
const WITHDRAW = 'SELECT desk.withdraw_proposal($1, $2) AS state';

type Login = { name: string; url: string };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(noPostgres)('withdrawing a proposal, judged by the team database', () => {
  let cluster: DevCluster;
  let alice: Login;
  let dave: Login;
  let bob: Login;
  let boss: Login;
  const stores: TeamStore[] = [];
  let a: TeamStore;
  let b: TeamStore;
  let admin: TeamStore;
  let nextClientId = 100;

  const freshEnvironment = (): Promise<string> => a.registerEnvironment(BASE_URL, ++nextClientId);
  const buy = (environment: string, eur: string): TeamNewProposal => ({
    environment,
    userId: 6,
    kind: 'buy',
    pair: 'btceur',
    amount: eur,
    rateAtProposal: '61000.50',
  });
  const asLogin = (login: Login, text: string, values: unknown[] = []): Promise<pg.QueryResult> =>
    withClient(login.url, (client) => client.query(text, values));

  beforeAll(async () => {
    cluster = await startCluster();
    const adminUrl = await freshDatabase(cluster);
    [alice, dave, bob, boss] = await Promise.all([
      addLogin(cluster, adminUrl, 'alice', 'operator'),
      addLogin(cluster, adminUrl, 'dave', 'operator'),
      addLogin(cluster, adminUrl, 'bob', 'approver'),
      addLogin(cluster, adminUrl, 'boss', 'admin'),
    ]);
    [a, b, admin] = [openTeamStore(alice.url), openTeamStore(bob.url), openTeamStore(boss.url)];
    stores.push(a, b, admin);
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('lets only the proposer withdraw an order proposal, with a reason; it ends rejected and is never sent', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', approvalsNeeded: 1 });
    const proposal = await a.propose(buy(env, '2500'));

    for (const other of [dave, bob, boss]) {
      await expect(asLogin(other, WITHDRAW, [proposal.id, 'Not mine to take back'])).rejects.toMatchObject(
        refusedWith('KA010', new RegExp(`^Only its proposer, ${alice.name}, may withdraw order ${proposal.id}`)),
      );
    }
    await expect(b.withdraw(env, proposal.id, 'Not mine')).rejects.toMatchObject({ kind: 'refused', refusal: 'not-proposer' });
    await expect(asLogin(alice, WITHDRAW, [proposal.id, '   '])).rejects.toMatchObject(refusedWith('KA006', /needs a reason/));
    await expect(asLogin(alice, WITHDRAW, [proposal.id, null])).rejects.toMatchObject(refusedWith('KA006', /needs a reason/));
    await expect(asLogin(alice, WITHDRAW, [proposal.id, 'x'.repeat(501)])).rejects.toMatchObject(
      refusedWith('22023', /at most 500 characters/),
    );
    expect(await a.proposalById(env, proposal.id)).toMatchObject({ state: 'awaiting_approval', approvalState: 'pending', decisions: [] });

    const { rows } = await asLogin(alice, WITHDRAW, [proposal.id, ' Wrong amount: meant 250 ']);
    expect(rows).toEqual([{ state: 'rejected' }]);
    const withdrawn = await b.proposalById(env, proposal.id);
    expect(withdrawn).toMatchObject({
      state: 'rejected',
      approvalState: 'rejected',
      error: `Withdrawn by ${alice.name}: Wrong amount: meant 250`,
      transactionId: null,
    });
    expect(withdrawn?.decidedAtMs).not.toBeNull();
    // The queue reads it as the proposer's withdrawal, in the proposer's own words.
    expect(withdrawn?.decisions).toMatchObject([{ approver: alice.name, decision: 'withdraw', reason: 'Wrong amount: meant 250' }]);
    // Stored as the proposer's rejection, so the decide functions' refusal says who and why.
    const stored = await asLogin(boss, 'SELECT approver, decision, reason FROM desk.approvals WHERE order_id = $1', [proposal.id]);
    expect(stored.rows).toEqual([
      { approver: alice.name, decision: 'reject', reason: 'Withdrawn by its proposer: Wrong amount: meant 250' },
    ]);

    await expect(asLogin(alice, WITHDRAW, [proposal.id, 'Again'])).rejects.toMatchObject(
      refusedWith('KA004', /was rejected by .*Wrong amount/),
    );
    await expect(asLogin(bob, "SELECT desk.decide_proposal($1, 'approve')", [proposal.id])).rejects.toMatchObject(
      refusedWith('KA004', new RegExp(`rejected by ${alice.name} \\(Withdrawn by its proposer: Wrong amount`)),
    );
    await expect(asLogin(alice, "UPDATE desk.orders SET state = 'sending' WHERE id = $1", [proposal.id])).rejects.toMatchObject({
      code: '42501',
    });
    await expect(
      asLogin(alice, "SELECT * FROM desk.record_order_outcome($1, 'accepted', 4242, NULL, NULL)", [proposal.idempotencyKey]),
    ).rejects.toMatchObject({ code: 'KA004' });
    expect(await a.claimForSending(env)).toBeNull();
    expect(await b.countPending(env)).toEqual({ pending: 0, awaitingYou: 0 });
  });

  it('refuses to withdraw an approved or an expired proposal, or something that is not a proposal', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', thresholdEur: '1000', approvalsNeeded: 1 });
    await admin.saveRule(env, { action: 'sell', approvalsNeeded: 2, expirySeconds: 1 });
    const approved = await a.propose(buy(env, '1500'));
    await b.decide(env, approved.id, 'approve');
    await expect(asLogin(alice, WITHDRAW, [approved.id, 'Too late'])).rejects.toMatchObject(
      refusedWith('KA005', /already has the 1 approval\(s\) it needs.*can no longer be withdrawn/),
    );

    const overdue = await a.propose({
      environment: env,
      userId: 6,
      kind: 'sell',
      pair: 'btceur',
      amount: '0.1',
      rateAtProposal: '61000.50',
    });
    await sleep(1200);
    // Overdue but not yet marked, then marked: refused either way.
    await expect(asLogin(alice, WITHDRAW, [overdue.id, 'Too late'])).rejects.toMatchObject(
      refusedWith('KA003', /expired at .*nothing left to withdraw/),
    );
    await a.expireProposals(env);
    await expect(asLogin(alice, WITHDRAW, [overdue.id, 'Too late'])).rejects.toMatchObject(refusedWith('KA003', /expired/));

    const ordinary = await a.beginOrder({ environment: env, userId: 6, kind: 'buy', pair: 'btceur', amount: '10' });
    await expect(asLogin(alice, WITHDRAW, [ordinary.id, 'Not a proposal'])).rejects.toMatchObject(
      refusedWith('KA007', /not a proposal awaiting approval/),
    );
    await expect(asLogin(alice, WITHDRAW, ['6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', 'Nothing'])).rejects.toMatchObject({ code: 'KA007' });
  });

  it('takes a withdrawal and an approval that arrive at once one after the other: one wins, the other is refused', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'buy', approvalsNeeded: 1 });
    for (let round = 0; round < 3; round++) {
      const proposal = await a.propose(buy(env, '300'));
      const [withdrawn, approved] = await Promise.allSettled([
        a.withdraw(env, proposal.id, 'Changed my mind'),
        b.decide(env, proposal.id, 'approve'),
      ]);
      const after = await a.proposalById(env, proposal.id);
      if (withdrawn.status === 'fulfilled') {
        expect(approved).toMatchObject({ status: 'rejected', reason: { refusal: 'rejected' } });
        expect(after).toMatchObject({ state: 'rejected', decisions: [{ decision: 'withdraw' }] });
      } else {
        expect(withdrawn).toMatchObject({ reason: { refusal: 'already-approved' } });
        expect(after).toMatchObject({ state: 'sending', approvalState: 'approved', decisions: [{ decision: 'approve' }] });
      }
    }
  });

  it('lets only the proposer withdraw a proposed account change; it is never done', async () => {
    const env = await freshEnvironment();
    await admin.saveRule(env, { action: 'add_bank_account', approvalsNeeded: 1 });
    const change = await a.proposeChange({
      environment: env,
      userId: 2,
      action: 'add_bank_account',
      payload: { iban: 'DE89370400440532013000' },
    });

    await expect(asLogin(bob, WITHDRAW, [change.id, 'Not mine'])).rejects.toMatchObject(
      refusedWith('KA010', new RegExp(`^Only its proposer, ${alice.name}, may withdraw change ${change.id}`)),
    );
    await expect(asLogin(dave, WITHDRAW, [change.id, 'Not mine'])).rejects.toMatchObject({ code: 'KA010' });
    await expect(asLogin(alice, WITHDRAW, [change.id, ''])).rejects.toMatchObject(refusedWith('KA006', /needs a reason/));

    const withdrawn = await a.withdrawChange(env, change.id, 'Wrong IBAN');
    expect(withdrawn).toMatchObject({ state: 'rejected', approvalState: 'rejected', outcome: `Withdrawn by ${alice.name}: Wrong IBAN` });
    expect(withdrawn.decisions).toMatchObject([{ approver: alice.name, decision: 'withdraw', reason: 'Wrong IBAN' }]);
    await expect(asLogin(alice, WITHDRAW, [change.id, 'Again'])).rejects.toMatchObject({ code: 'KA004' });
    await expect(asLogin(bob, "SELECT desk.decide_account_change($1, 'approve')", [change.id])).rejects.toMatchObject({ code: 'KA004' });
    expect(await b.claimChange(env, change.id)).toBeNull();
    expect(await b.countPendingChanges(env)).toEqual({ pending: 0, awaitingYou: 0 });

    const approved = await a.proposeChange({
      environment: env,
      userId: 2,
      action: 'add_bank_account',
      payload: { iban: 'DE89370400440532013001' },
    });
    await b.decideChange(env, approved.id, 'approve');
    await expect(asLogin(alice, WITHDRAW, [approved.id, 'Too late'])).rejects.toMatchObject({ code: 'KA005' });
  });

  it("audits each withdrawal in the proposer's name, keeps the chain intact, and grants it to desk logins only", async () => {
    const { rows } = await admin.queryAudit({}, 500, 0);
    const withdrawals = rows.filter((r) => r.action === 'approval.withdraw').map((r) => [r.operator, r.summary]);
    expect(withdrawals).toEqual(
      expect.arrayContaining([
        [alice.name, 'Withdrew the proposal to buy 2500 btceur for user 6 (2500.00 EUR): Wrong amount: meant 250'],
        [alice.name, 'Withdrew the proposal to add bank account DE…3000 for user 2: Wrong IBAN'],
      ]),
    );
    // The race above may add some of its own; every withdrawal is the proposer's.
    expect(new Set(withdrawals.map(([operator]) => operator))).toEqual(new Set([alice.name]));
    expect(await a.verifyAudit()).toMatchObject({ intact: true });
    const grants = await asLogin(boss, "SELECT proacl::text[] AS acl FROM pg_proc WHERE proname = 'withdraw_proposal'");
    const acl = (grants.rows[0] as { acl: string[] }).acl;
    expect(acl.some((entry) => entry.startsWith('desk_operator=X'))).toBe(true);
    // PUBLIC's entry is "=X/owner": revoked.
    expect(acl.some((entry) => entry.startsWith('='))).toBe(false);
  });
});
