// The proposer withdrawing their own proposal through the desk (approvals.withdraw),
// two desks on one team database and one sandbox: A signs in as an operator and
// proposes, B as a desk admin (who may approve). What is checked is what each
// operator sees through the bridge and what the sandbox receives: nothing.
import { describe, expect, it } from 'vitest';
import type { ApprovalRuleInput, ProposalView } from '../../../shared/api/approvals';
import { eventually } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { noPostgres } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)
const TOM = 4; // the sandbox's user without a bank account

function rule(over: Partial<ApprovalRuleInput>): ApprovalRuleInput {
  return {
    action: 'buy',
    thresholdEur: '100.00',
    newAccountHours: null,
    approvalsNeeded: 1,
    expirySeconds: 86_400,
    enabled: true,
    position: 0,
    ...over,
  };
}

describe.skipIf(noPostgres)('the proposer withdraws their own proposal through the desk', () => {
  const t = useTwoTeamDesks({ a: 'operator', b: 'admin' });

  const listedOn = async (desk: typeof t.a, id: string): Promise<ProposalView | undefined> =>
    (await desk.call('approvals.list', { states: ['pending', 'approved', 'rejected', 'expired'] })).find((p) => p.orderId === id);

  it('A withdraws a buy it proposed: never sent, B sees who withdrew it and why, and cannot approve it', async () => {
    await t.b.call('policy.update', { saveRules: [rule({}), rule({ action: 'add_bank_account', thresholdEur: null })] });
    const before = await t.a.transactionCount();
    const placed = await t.a.call('orders.place', { profileId: t.profileA, userId: ANA, side: 'buy', pair: 'btceur', amount: '150.00' });
    expect(placed.state).toBe('awaiting_approval');
    await eventually(() => t.b.eventsNamed('approvals.changed').some((e) => e.pending === 1), 5000);

    // Only the proposer is offered it.
    expect(await listedOn(t.a, placed.id)).toMatchObject({ state: 'pending', mayWithdraw: true, mayDecide: false });
    expect(await listedOn(t.b, placed.id)).toMatchObject({ state: 'pending', mayWithdraw: false, mayDecide: true });

    const notB = await t.b.fail('approvals.withdraw', { orderId: placed.id, reason: 'Looks wrong' });
    expect(notB.kind).toBe('forbidden');
    expect(notB.message).toMatch(new RegExp(`Only its proposer, ${t.loginA.name}, may withdraw order ${placed.id}`));
    const noReason = await t.a.raw('approvals.withdraw', { orderId: placed.id, reason: '   ' });
    expect(noReason).toMatchObject({ ok: false, error: { kind: 'invalid_input', fieldErrors: { reason: ['Say why it is withdrawn.'] } } });

    const withdrawn = await t.a.call('approvals.withdraw', { orderId: placed.id, reason: ' Wrong amount: meant 15 ' });
    expect(withdrawn).toMatchObject({
      state: 'rejected',
      mayWithdraw: false,
      mayDecide: false,
      decisions: [{ approver: t.loginA.name, decision: 'withdraw', reason: 'Wrong amount: meant 15' }],
      whyNot: `Its proposer, ${t.loginA.name}, withdrew it: Wrong amount: meant 15.`,
    });
    // The order list reads it rejected and withdrawn, with who withdrew it and why.
    expect((await t.a.call('orders.list', {})).find((o) => o.id === placed.id)).toMatchObject({
      state: 'rejected',
      withdrawn: true,
      transactionId: null,
      error: `Withdrawn by ${t.loginA.name}: Wrong amount: meant 15`,
    });
    // B's queue hears of it and shows it withdrawn, and B cannot approve it any more.
    await eventually(() => t.b.eventsNamed('approvals.changed').at(-1)?.pending === 0, 5000);
    expect(await listedOn(t.b, placed.id)).toMatchObject({
      state: 'rejected',
      mayDecide: false,
      decisions: [{ approver: t.loginA.name, decision: 'withdraw', reason: 'Wrong amount: meant 15' }],
    });
    const approve = await t.b.fail('approvals.decide', { orderId: placed.id, decision: 'approve' });
    expect(approve.kind).toBe('forbidden');
    expect(approve.message).toMatch(new RegExp(`rejected by ${t.loginA.name} \\(Withdrawn by its proposer: Wrong amount: meant 15\\)`));
    const twice = await t.a.fail('approvals.withdraw', { orderId: placed.id, reason: 'Again' });
    expect(twice.kind).toBe('forbidden');
    expect(await t.a.transactionCount()).toBe(before);

    const audit = await t.b.call('audit.query', { filter: { action: 'approval.withdraw' }, limit: 5, offset: 0 });
    expect(audit.rows[0]).toMatchObject({
      outcome: 'ok',
      summary: 'Withdrew the proposal to buy 150.00 btceur for user 1 (150.00 EUR): Wrong amount: meant 15',
    });
  });

  it('A withdraws a bank account it proposed: never added, and B can neither withdraw nor approve it', async () => {
    const proposed = await t.a.call('banks.add', { userId: TOM, iban: 'DE89370400440532013000' });
    const id = proposed.proposedForApproval!.proposalId;
    const notB = await t.b.fail('approvals.withdraw', { orderId: id, reason: 'Looks wrong' });
    expect(notB.kind).toBe('forbidden');
    expect(notB.message).toMatch(new RegExp(`Only its proposer, ${t.loginA.name}, may withdraw change ${id}`));

    const withdrawn = await t.a.call('approvals.withdraw', { orderId: id, reason: 'Wrong IBAN' });
    expect(withdrawn).toMatchObject({
      state: 'rejected',
      mayWithdraw: false,
      change: { progress: 'rejected', outcome: `Withdrawn by ${t.loginA.name}: Wrong IBAN` },
      decisions: [{ approver: t.loginA.name, decision: 'withdraw', reason: 'Wrong IBAN' }],
    });
    const approve = await t.b.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(approve.kind).toBe('forbidden');
    expect(approve.message).toMatch(/was rejected by .*Withdrawn by its proposer: Wrong IBAN/);
    expect((await t.a.state()).users.find((u) => u.id === TOM)!.bank_accounts).toEqual([]);
  });

  it('says there is no such proposal for an id that is none', async () => {
    const missing = await t.a.fail('approvals.withdraw', { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', reason: 'Nothing' });
    expect(missing).toMatchObject({ kind: 'not_found', message: 'There is no proposal 6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f here.' });
  });
});
