// Four-eyes approvals through the desk (issue 13), two desks on one team database
// and one sandbox: A signs in as an operator, B as a desk admin (who may approve).
// A third login (an approver) decides through its own TeamStore. What is checked
// is what an operator sees through the bridge and what the sandbox receives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRuleInput, ProposalView } from '../../../shared/api/approvals';
import { openTeamStore, type TeamStore } from '../../../main/store/postgres/team-store';
import { dec } from '../../../shared/money';
import { eventually } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { addLogin, noPostgres, withClient } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)
const MARKO = 2; // verified, active, one bank account
/** Both desks claim released rows often, so they race for each one. */
const internals = { tuning: { orderClaimSweepMs: 100 } };

function rule(over: Partial<ApprovalRuleInput>): ApprovalRuleInput {
  return {
    action: 'buy',
    thresholdEur: null,
    newAccountHours: null,
    approvalsNeeded: 1,
    expirySeconds: 86_400,
    enabled: true,
    position: 0,
    ...over,
  };
}

describe.skipIf(noPostgres)('four-eyes approvals through the desk', () => {
  const t = useTwoTeamDesks({ a: 'operator', b: 'admin' }, { internals });
  /** A third login, an approver, deciding through its own connection. */
  let third: TeamStore;
  /** The superuser, for a rule that expires within a second (the bridge speaks whole hours). */
  let superuser: TeamStore;
  let environment: string;

  beforeAll(async () => {
    const dave = await addLogin(t.cluster, t.adminUrl, 'dave', 'approver');
    third = openTeamStore(dave.url);
    superuser = openTeamStore(t.adminUrl);
    environment = await third.registerEnvironment(t.sandbox.url, t.sandbox.partner.client_id);
  });
  afterAll(async () => {
    await third?.close();
    await superuser?.close();
  });

  const buy = (amount: string) => t.a.call('orders.place', { profileId: t.profileA, userId: ANA, side: 'buy', pair: 'btceur', amount });
  const pendingOn = async (desk: typeof t.a, orderId: string): Promise<ProposalView | undefined> =>
    (await desk.call('approvals.list', {})).find((p) => p.orderId === orderId);
  const txWithKey = async (key: string) => (await t.a.state()).transactions.filter((tx) => tx.idempotency_key === key);
  const orderOnA = async (orderId: string) => (await t.a.call('orders.list', {})).find((o) => o.id === orderId);
  const keyOf = async (orderId: string): Promise<string> =>
    withClient(
      t.adminUrl,
      async (c) => (await c.query<{ k: string }>('SELECT idempotency_key::text AS k FROM desk.orders WHERE id = $1', [orderId])).rows[0]!.k,
    );

  it('an operator sees the policy but may not change it: the database refuses, in plain words', async () => {
    expect(await t.a.call('policy.get', {})).toMatchObject({
      workspace: 'team',
      editable: false,
      rules: [],
      withdrawHoldHours: null,
      rateMovePercent: '2.00',
    });
    const refused = await t.a.fail('policy.update', { saveRules: [rule({ thresholdEur: '1.00' })] });
    expect(refused.kind).toBe('forbidden');
    expect(refused.message).toMatch(/Only a desk admin may change the team's approval rules: the team database refused it/);
    const rate = await t.a.fail('policy.update', { rateMovePercent: '5' });
    expect(rate.kind).toBe('forbidden');
    const hold = await t.b.fail('policy.update', { withdrawHoldHours: 4 });
    expect(hold.kind).toBe('invalid_input');
    expect(hold.message).toMatch(/withdrawal hold is for the Solo workspace/);
    expect((await t.b.call('policy.get', {})).rules).toEqual([]);
  });

  it('an admin saves a rule; every desk reads it', async () => {
    const saved = await t.b.call('policy.update', { saveRules: [rule({ thresholdEur: '100.00' })] });
    expect(saved).toMatchObject({
      editable: true,
      rules: [{ action: 'buy', thresholdEur: '100.00', approvalsNeeded: 1, expirySeconds: 86_400, updatedBy: t.loginB.name }],
    });
    expect((await t.a.call('policy.get', {})).rules).toEqual(saved.rules);
  });

  it('a buy over the threshold waits for approval, is not sent, and the proposer cannot approve it', async () => {
    const before = await t.a.transactionCount();
    const placed = await buy('150.00');
    expect(placed.state).toBe('awaiting_approval');
    expect(await t.a.transactionCount()).toBe(before);
    // B's queue updates without a refresh.
    await eventually(() => t.b.eventsNamed('approvals.changed').some((e) => e.pending === 1), 5000);

    const onA = await pendingOn(t.a, placed.id);
    expect(onA).toMatchObject({
      state: 'pending',
      proposedBy: t.loginA.name,
      mayDecide: false,
      whyNot: expect.stringMatching(/You proposed it/) as unknown,
    });
    const own = await t.a.fail('approvals.decide', { orderId: placed.id, decision: 'approve' });
    expect(own.kind).toBe('forbidden');
    expect(own.message).toMatch(/You proposed order .* yourself: another operator must decide on it/);

    const onB = await pendingOn(t.b, placed.id);
    expect(onB).toMatchObject({
      kind: 'buy',
      userId: ANA,
      amount: '150.00',
      valueEur: '150.00',
      mayDecide: true,
      whyNot: null,
      balanceCurrency: 'eur',
      user: { id: ANA, kycStatus: 'verified', status: 'active' },
      rule: { action: 'buy', thresholdEur: '100.00', approvalsNeeded: 1 },
    });
    expect(onB!.rateAtProposal).toMatch(/^\d+(\.\d+)?$/);
    expect(onB!.balance).toMatch(/^\d+(\.\d+)?$/);

    // Approved on B: sent exactly once (both desks race to claim it), then settled.
    const approved = await t.b.call('approvals.decide', { orderId: placed.id, decision: 'approve' });
    expect(approved).toMatchObject({ state: 'approved', approvals: 1, decisions: [{ approver: t.loginB.name, decision: 'approve' }] });
    const key = await keyOf(placed.id);
    await eventually(async () => (await txWithKey(key)).length === 1, 10_000);
    await eventually(async () => (await t.a.call('orders.list', {})).find((o) => o.id === placed.id)?.state === 'success', 20_000);
    expect(await txWithKey(key)).toHaveLength(1);
    expect(await t.a.transactionCount()).toBe(before + 1);
    // The proposer's desk hears that the queue emptied.
    await eventually(() => t.a.eventsNamed('approvals.changed').at(-1)?.pending === 0, 5000);
  });

  it("an operator may not decide on another's proposal: the database refuses, and the queue says why", async () => {
    const placed = await t.b.call('orders.place', { profileId: t.profileB, userId: ANA, side: 'buy', pair: 'btceur', amount: '155.00' });
    expect(placed.state).toBe('awaiting_approval');
    expect(await pendingOn(t.a, placed.id)).toMatchObject({
      proposedBy: t.loginB.name,
      mayDecide: false,
      whyNot: expect.stringMatching(/Only desk approvers and admins/) as unknown,
    });
    const refused = await t.a.fail('approvals.decide', { orderId: placed.id, decision: 'approve' });
    expect(refused.kind).toBe('forbidden');
    expect(refused.message).toMatch(/may not decide on proposals: only desk_approver or desk_admin logins may/);
    await third.decide(environment, placed.id, 'reject', 'Cleaning up');
  });

  it('a rejection needs a reason at the bridge; with one, the order ends rejected and is never sent', async () => {
    const before = await t.a.transactionCount();
    const placed = await buy('160.00');
    const noReason = await t.b.raw('approvals.decide', { orderId: placed.id, decision: 'reject' });
    expect(noReason).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    const rejected = await t.b.call('approvals.decide', { orderId: placed.id, decision: 'reject', reason: 'Not this week' });
    expect(rejected).toMatchObject({ state: 'rejected', mayDecide: false, decisions: [{ decision: 'reject', reason: 'Not this week' }] });
    await eventually(async () => (await t.a.call('orders.list', {})).find((o) => o.id === placed.id)?.state === 'rejected', 5000);
    // An approver's rejection is not a withdrawal, on either desk.
    expect((await t.a.call('orders.list', {})).find((o) => o.id === placed.id)?.withdrawn).toBe(false);
    expect((await t.b.call('orders.list', {})).find((o) => o.id === placed.id)?.withdrawn).toBe(false);
    const again = await t.b.fail('approvals.decide', { orderId: placed.id, decision: 'approve' });
    expect(again.kind).toBe('forbidden');
    expect(again.message).toMatch(/was rejected by .*Not this week/);
    expect(await t.a.transactionCount()).toBe(before);
  });

  it('a rule needing two approvals: the same approver twice is refused, the second comes from a third login', async () => {
    await t.b.call('policy.update', { saveRules: [rule({ thresholdEur: '1000.00', approvalsNeeded: 2, position: 1 })] });
    const before = await t.a.transactionCount();
    const placed = await buy('1500.00');
    expect(placed.state).toBe('awaiting_approval');
    const first = await t.b.call('approvals.decide', { orderId: placed.id, decision: 'approve' });
    expect(first).toMatchObject({ state: 'pending', approvals: 1, mayDecide: false });
    const twice = await t.b.fail('approvals.decide', { orderId: placed.id, decision: 'approve' });
    expect(twice.kind).toBe('forbidden');
    expect(twice.message).toMatch(/already approved/);
    expect(await t.a.transactionCount()).toBe(before);

    await third.decide(environment, placed.id, 'approve');
    const key = await keyOf(placed.id);
    // Released without a lease: one of the desks' sweeps claims it and sends it once.
    await eventually(async () => (await txWithKey(key)).length === 1, 10_000);
    await eventually(async () => (await t.a.call('orders.list', {})).find((o) => o.id === placed.id)?.transactionId !== null, 5000);
    expect(await t.a.transactionCount()).toBe(before + 1);
  });

  it('an approved order passes the checks of any order again before it is sent: funds spent meanwhile fail it, unsent', async () => {
    const placed = await t.a.call('orders.place', { profileId: t.profileA, userId: MARKO, side: 'buy', pair: 'btceur', amount: '150.00' });
    expect(placed.state).toBe('awaiting_approval');
    // While it waits, Marko's euros leave (no rule covers withdrawals yet): 100.00 EUR stay.
    const eur = (await t.a.state()).users.find((u) => u.id === MARKO)!.balances['eur']!;
    const [account] = await t.a.call('banks.list', { userId: MARKO });
    const drained = await t.a.call('orders.withdraw', {
      profileId: t.profileA,
      userId: MARKO,
      bankAccountId: account!.id,
      amount: dec(eur).minus(100).toFixed(2),
      overrideLimit: true,
    });
    expect(drained.transactionId).toEqual(expect.any(Number));
    const before = await t.a.transactionCount();

    await t.b.call('approvals.decide', { orderId: placed.id, decision: 'approve' });
    const failed = await eventually(async () => {
      const row = await orderOnA(placed.id);
      return row?.state === 'failed' ? row : null;
    }, 10_000);
    expect(failed.error).toMatch(/^Not sent after its approval: User 2 has 100 EUR; this buy needs 150 EUR/);
    expect(await txWithKey(await keyOf(placed.id))).toEqual([]);
    expect(await t.a.transactionCount()).toBe(before);
  });

  it('a withdrawal to a bank account the team first knew less than N hours ago waits for approval', async () => {
    await t.b.call('policy.update', { saveRules: [rule({ action: 'withdraw', newAccountHours: 48 })] });
    // Listed on B first: the team knows the account from then, whichever desk withdraws.
    const [account] = await t.b.call('banks.list', { userId: ANA });
    const seenBy = await withClient(
      t.adminUrl,
      async (c) =>
        (
          await c.query<{ by: string }>(
            'SELECT first_seen_by AS by FROM desk.bank_accounts_seen WHERE user_id = $1 AND bank_account_id = $2',
            [ANA, account!.id],
          )
        ).rows,
    );
    expect(seenBy).toEqual([{ by: t.loginB.name }]);
    const before = await t.a.transactionCount();
    const placed = await t.a.call('orders.withdraw', { profileId: t.profileA, userId: ANA, bankAccountId: account!.id, amount: '20.00' });
    expect(placed.state).toBe('awaiting_approval');
    expect(await pendingOn(t.b, placed.id)).toMatchObject({
      kind: 'withdraw',
      bankAccountId: account!.id,
      rule: { action: 'withdraw', newAccountHours: 48 },
      rateAtProposal: null,
    });
    await t.b.call('approvals.decide', { orderId: placed.id, decision: 'reject', reason: 'Account too new' });
    expect(await t.a.transactionCount()).toBe(before);
  });

  it('an expired proposal shows as expired and cannot be approved', async () => {
    const quick = await superuser.saveRule(environment, { action: 'buy', thresholdEur: '5000.00', approvalsNeeded: 1, expirySeconds: 1 });
    try {
      const placed = await buy('5000.00');
      expect(placed.state).toBe('awaiting_approval');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const listed = await t.b.call('approvals.list', { states: ['expired'] });
      expect(listed.find((p) => p.orderId === placed.id)).toMatchObject({ state: 'expired', mayDecide: false });
      const late = await t.b.fail('approvals.decide', { orderId: placed.id, decision: 'approve' });
      expect(late.kind).toBe('forbidden');
      expect(late.message).toMatch(/expired/);
      expect((await t.a.call('orders.list', {})).find((o) => o.id === placed.id)?.state).toBe('expired');
    } finally {
      await superuser.deleteRule(environment, quick.id);
    }
  });

  it('after the rate moved more than the team allows, the approver must confirm the rate now', async () => {
    // 0 %: any move asks again.
    expect(await t.b.call('policy.update', { rateMovePercent: '0' })).toMatchObject({ rateMovePercent: '0.00' });
    try {
      const placed = await buy('170.00');
      const atProposal = (await pendingOn(t.b, placed.id))!.rateAtProposal!;
      // The sandbox's rates walk with its clock.
      let moved: ProposalView | undefined;
      await eventually(
        async () => {
          await t.b.advanceSandbox(600);
          moved = await pendingOn(t.b, placed.id);
          return moved?.rateNow !== null && moved?.rateNow !== atProposal;
        },
        20_000,
        1000,
      );
      const asked = await t.b.fail('approvals.decide', { orderId: placed.id, decision: 'approve' });
      expect(asked.kind).toBe('conflict');
      expect(asked.message).toContain(`from ${atProposal} to `);
      expect(asked.message).toMatch(/more than the team's limit of 0\.00%/);
      // The refusal carries the rates, so the renderer asks again without reading words (or the queue).
      expect(asked.rateMoved).toMatchObject({
        rateAtProposal: atProposal,
        limitPercent: '0.00',
        changePercent: expect.stringMatching(/^-?\d+\.\d\d$/) as unknown,
      });
      expect(asked.message).toContain(`to ${asked.rateMoved!.rateNow}:`);
      const wrong = await t.b.fail('approvals.decide', { orderId: placed.id, decision: 'approve', confirmRate: '1' });
      expect(wrong.kind).toBe('conflict');
      expect(wrong.rateMoved?.rateAtProposal).toBe(atProposal);
      // Confirmed at the rate the desk shows now (the poller may move it between the two calls: asked again then).
      const confirmed = await eventually(
        async () => {
          const now = (await pendingOn(t.b, placed.id))!.rateNow!;
          const result = await t.b.raw('approvals.decide', { orderId: placed.id, decision: 'approve', confirmRate: now });
          return result.ok ? (result.value as ProposalView) : null;
        },
        10_000,
        200,
      );
      expect(confirmed).toMatchObject({ state: 'approved' });
      expect(confirmed.decisions[0]!.rate).toMatch(/^\d+(\.\d+)?$/);
    } finally {
      await t.b.call('policy.update', { rateMovePercent: '2' });
    }
  });
});
