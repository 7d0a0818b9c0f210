// Four-eyes approvals for account changes (issue 13): adding a bank account and
// changing a user's status. Two desks on one team database and one sandbox: A
// signs in as an operator, B as a desk admin (who may approve). What is checked
// is what the operators see through the bridge, what the sandbox holds and what
// the database refuses.
import { describe, expect, it } from 'vitest';
import type { ApprovalRuleInput } from '../../../shared/api/approvals';
import { eventually } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { noPostgres, withClient } from './support';

const TOM = 4; // the sandbox's user without a bank account (sandbox/seed.ts)
const PETRA = 10; // verified, active
const IBAN = 'DE89370400440532013000';

function rule(over: Partial<ApprovalRuleInput>): ApprovalRuleInput {
  return {
    action: 'add_bank_account',
    thresholdEur: null,
    newAccountHours: null,
    approvalsNeeded: 1,
    expirySeconds: 86_400,
    enabled: true,
    position: 0,
    ...over,
  };
}

/** The desks sweep for approved changes no desk did often (the sweep of released orders). */
const internals = { tuning: { orderClaimSweepMs: 100 } };

describe.skipIf(noPostgres)('four-eyes approvals for account changes through the desk', () => {
  const t = useTwoTeamDesks({ a: 'operator', b: 'admin' }, { internals });

  const sandboxUser = async (id: number) => (await t.a.state()).users.find((u) => u.id === id)!;
  const ibansOf = async (id: number) => (await sandboxUser(id)).bank_accounts.map((b) => b.iban);

  it('a bank account needs approval: proposed, not added, refused to its proposer, added once when approved', async () => {
    await t.b.call('policy.update', { saveRules: [rule({})] });
    const proposed = await t.a.call('banks.add', { userId: TOM, iban: 'de89 3704 0044 0532 0130 00' });
    expect(proposed.accounts).toEqual([]);
    expect(proposed.proposedForApproval).toMatchObject({ action: 'add_bank_account', approvalsNeeded: 1 });
    expect(proposed.proposedForApproval!.message).toMatch(/^Proposed for approval: add bank account DE…3000 for user 4/);
    expect(await ibansOf(TOM)).toEqual([]);
    const id = proposed.proposedForApproval!.proposalId;
    await eventually(() => t.b.eventsNamed('approvals.changed').some((e) => e.pending === 1), 5000);

    const onB = (await t.b.call('approvals.list', {})).find((p) => p.orderId === id);
    expect(onB).toMatchObject({
      kind: 'add_bank_account',
      userId: TOM,
      amount: null,
      valueEur: null,
      change: { action: 'add_bank_account', ibanMasked: 'DE…3000', progress: 'awaiting_approval' },
      proposedBy: t.loginA.name,
      mayDecide: true,
    });
    const own = await t.a.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(own.kind).toBe('forbidden');
    expect(own.message).toMatch(/You proposed change .* yourself: another operator must decide on it/);
    // Nor can its proposer's login move it on in SQL: only a decision releases it.
    await expect(
      withClient(t.loginA.url, (c) => c.query("UPDATE desk.account_changes SET state = 'approved' WHERE id = $1", [id])),
    ).rejects.toThrow(/awaits approval: only an approver's decision can release it/);

    const approved = await t.b.call('approvals.decide', { orderId: id, decision: 'approve' });
    expect(approved).toMatchObject({
      state: 'approved',
      change: { progress: 'done', outcome: expect.stringMatching(/^Bank account \d+ \(DE…3000\) added for user 4/) as unknown },
    });
    expect(await ibansOf(TOM)).toEqual([IBAN]);
    const again = await t.b.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(again.message).toMatch(/already has the 1 approval\(s\) it needs/);
    expect(await ibansOf(TOM)).toEqual([IBAN]);
    const audit = await t.b.call('audit.query', { filter: { action: 'approval.perform' }, limit: 5, offset: 0 });
    expect(audit.rows[0]).toMatchObject({
      outcome: 'ok',
      summary: expect.stringContaining('add bank account DE…3000 for user 4: done') as unknown,
    });
  });

  it('an approved bank account that is there already is not added again, and the proposal says so', async () => {
    const proposed = await t.a.call('banks.add', { userId: TOM, iban: IBAN });
    const id = proposed.proposedForApproval!.proposalId;
    const approved = await t.b.call('approvals.decide', { orderId: id, decision: 'approve' });
    expect(approved.change).toMatchObject({
      progress: 'done',
      outcome: expect.stringMatching(/already one of user 4's bank accounts .*not added again/) as unknown,
    });
    expect(await ibansOf(TOM)).toEqual([IBAN]);
  });

  it("a user's status change needs approval; rejected with a reason, the user stays as they were", async () => {
    await t.b.call('policy.update', { saveRules: [rule({ action: 'change_user_status' })] });
    const before = await t.a.call('users.open', { userId: PETRA });
    const fields = { email: before.email, name: before.name, surname: before.surname, phone: before.phone };
    const proposed = await t.a.call('users.update', { userId: PETRA, ...fields, status: 'disabled' });
    expect(proposed.user).toMatchObject({ id: PETRA, status: 'active' });
    expect(proposed.proposedForApproval!.message).toMatch(/change the status of user 10 from active to disabled/);
    expect((await sandboxUser(PETRA)).status).toBe('active');
    const id = proposed.proposedForApproval!.proposalId;
    expect((await t.b.call('approvals.list', {})).find((p) => p.orderId === id)?.change).toMatchObject({
      fromStatus: 'active',
      toStatus: 'disabled',
    });

    // Any other change of the user's fields is not a status change: done at once.
    const renamed = await t.a.call('users.update', { userId: PETRA, ...fields, name: 'Petra Ana', status: 'active' });
    expect(renamed).toMatchObject({ user: { name: 'Petra Ana', status: 'active' }, proposedForApproval: null });

    const rejected = await t.b.call('approvals.decide', { orderId: id, decision: 'reject', reason: 'She asked to stay active' });
    expect(rejected).toMatchObject({
      state: 'rejected',
      change: { progress: 'rejected', outcome: expect.stringContaining('She asked to stay active') as unknown },
    });
    expect((await sandboxUser(PETRA)).status).toBe('active');
    const late = await t.b.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(late.message).toMatch(/was rejected by .*She asked to stay active/);
    // The database wants a reason whoever asks, not only the bridge.
    const second = await t.a.call('users.update', { userId: PETRA, ...fields, status: 'disabled' });
    await expect(
      withClient(t.loginB.url, (c) =>
        c.query("SELECT desk.decide_account_change($1, 'reject', '  ')", [second.proposedForApproval!.proposalId]),
      ),
    ).rejects.toThrow(/needs a reason/);
  });

  it('a change approved in SQL by a login whose desk never did it is done by a desk of the team, once', async () => {
    const NINA = 9; // verified, active, one bank account
    const iban = 'GB82WEST12345698765432';
    await t.b.call('policy.update', { saveRules: [rule({})] });
    const before = await ibansOf(NINA);
    const id = (await t.a.call('banks.add', { userId: NINA, iban })).proposedForApproval!.proposalId;
    await withClient(t.loginB.url, (c) => c.query("SELECT desk.decide_account_change($1, 'approve')", [id]));
    // Only a minute after its approval is a change left undone by its deciding desk; aged here as the schema's owner.
    await withClient(t.adminUrl, (c) =>
      c.query("UPDATE desk.account_changes SET approval_decided_at = now() - interval '2 minutes' WHERE id = $1", [id]),
    );
    const done = await eventually(
      async () =>
        (await t.b.call('approvals.list', { states: ['approved'] })).find((p) => p.orderId === id && p.change?.progress === 'done'),
      10_000,
    );
    expect(done!.change!.outcome).toMatch(/added for user 9/);
    expect(await ibansOf(NINA)).toEqual([...before, iban]);
  });

  it('a proposed change not approved in time expires and can no longer be approved', async () => {
    await withClient(t.adminUrl, (c) => c.query("UPDATE desk.approval_rules SET expiry_seconds = 1 WHERE action = 'change_user_status'"));
    const before = await t.a.call('users.open', { userId: PETRA });
    const proposed = await t.a.call('users.update', {
      userId: PETRA,
      email: before.email,
      name: before.name,
      surname: before.surname,
      phone: before.phone,
      status: 'disabled',
    });
    const id = proposed.proposedForApproval!.proposalId;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = (await t.b.call('approvals.list', { states: ['expired'] })).find((p) => p.orderId === id);
    expect(expired).toMatchObject({ state: 'expired', change: { progress: 'expired' }, mayDecide: false });
    const late = await t.b.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(late.message).toMatch(/expired at .* without enough approvals/);
    expect((await sandboxUser(PETRA)).status).toBe('active');
    // A day to decide again for what follows.
    await withClient(t.adminUrl, (c) =>
      c.query("UPDATE desk.approval_rules SET expiry_seconds = 86400 WHERE action = 'change_user_status'"),
    );
  });

  it('only the status waits for approval: a name changed in the same save is saved now, and the approval keeps a later edit', async () => {
    const MARKO = 2;
    const before = await t.a.call('users.open', { userId: MARKO });
    const base = { userId: MARKO, email: before.email, surname: before.surname, phone: before.phone };
    const proposed = await t.a.call('users.update', { ...base, name: 'Marko Ivan', status: 'disabled' });
    expect(proposed.user).toMatchObject({ name: 'Marko Ivan', status: 'active' });
    expect(await sandboxUser(MARKO)).toMatchObject({ name: 'Marko Ivan', status: 'active' });
    await t.a.call('users.update', { ...base, name: 'Marko Ivo', status: 'active' });
    const approved = await t.b.call('approvals.decide', { orderId: proposed.proposedForApproval!.proposalId, decision: 'approve' });
    expect(approved.change).toMatchObject({ progress: 'done', outcome: "User 2's status set to disabled." });
    expect(await sandboxUser(MARKO)).toMatchObject({ name: 'Marko Ivo', status: 'disabled' });
  });
});
