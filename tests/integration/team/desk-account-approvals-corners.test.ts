// Four-eyes approvals for account changes (issue 13), the corners the order cases
// cover in desk-approvals.test.ts: a login that may not decide, the same approver
// twice, a claimed change its desk left unfinished, and a change Kriptomat refuses.
// Two desks on one team database and one sandbox (A an operator, B a desk admin)
// and a third login, an approver, deciding through its own TeamStore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRuleInput } from '../../../shared/api/approvals';
import { openTeamStore, type TeamStore } from '../../../main/store/postgres/team-store';
import { eventually } from '../services/harness';
import { useTwoTeamDesks } from './desk-support';
import { addLogin, noPostgres, withClient } from './support';

const TOM = 4; // active, no bank account (sandbox/seed.ts)
const SARA = 7; // verified but disabled: Kriptomat adds no bank account for her
const NINA = 9; // verified, active, one bank account
const PETRA = 10; // verified, active, no bank account

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

/** The desks sweep often for approved changes no desk did. */
const internals = { tuning: { orderClaimSweepMs: 100 } };

describe.skipIf(noPostgres)('account changes under approval: who may decide, twice, left unfinished, refused', () => {
  const t = useTwoTeamDesks({ a: 'operator', b: 'admin' }, { internals });
  let third: TeamStore;
  let thirdName: string;
  let environment: string;

  const sandboxUser = async (id: number) => (await t.a.state()).users.find((u) => u.id === id)!;
  const ibansOf = async (id: number) => (await sandboxUser(id)).bank_accounts.map((b) => b.iban);
  const onDesk = async (desk: typeof t.a, id: string) =>
    (await desk.call('approvals.list', { states: ['pending', 'approved', 'rejected', 'expired'] })).find((p) => p.orderId === id);

  /** Makes `over` the team's only rule (rules add up otherwise, and the strictest applies). */
  const onlyRule = async (over: Partial<ApprovalRuleInput>): Promise<void> => {
    const { rules } = await t.b.call('policy.get', {});
    await t.b.call('policy.update', { removeRules: rules.map((r) => r.id), saveRules: [rule(over)] });
  };

  beforeAll(async () => {
    const dave = await addLogin(t.cluster, t.adminUrl, 'dave', 'approver');
    third = openTeamStore(dave.url);
    thirdName = dave.name;
    environment = await third.registerEnvironment(t.sandbox.url, t.sandbox.partner.client_id);
  });
  afterAll(async () => {
    await third?.close();
  });

  it("an operator may not decide on another's change: the database refuses, the queue says why, nothing is added", async () => {
    await onlyRule({});
    const id = (await t.b.call('banks.add', { userId: PETRA, iban: 'DE89370400440532013000' })).proposedForApproval!.proposalId;
    expect(await onDesk(t.a, id)).toMatchObject({
      proposedBy: t.loginB.name,
      mayDecide: false,
      whyNot: expect.stringMatching(/Only desk approvers and admins/) as unknown,
    });
    const refused = await t.a.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(refused.kind).toBe('forbidden');
    expect(refused.message).toMatch(/may not decide/);
    expect(await ibansOf(PETRA)).toEqual([]);
    await third.decideChange(environment, id, 'reject', 'Cleaning up');
    expect(await onDesk(t.b, id)).toMatchObject({ state: 'rejected', change: { progress: 'rejected' } });
  });

  it('a rule needing two approvals: the same approver twice is refused; a third login gives the second, and it is done once', async () => {
    await onlyRule({ approvalsNeeded: 2 });
    const iban = 'GB82WEST12345698765432';
    const before = await ibansOf(NINA);
    const id = (await t.a.call('banks.add', { userId: NINA, iban })).proposedForApproval!.proposalId;
    const first = await t.b.call('approvals.decide', { orderId: id, decision: 'approve' });
    expect(first).toMatchObject({
      state: 'pending',
      approvals: 1,
      rule: { approvalsNeeded: 2 },
      change: { progress: 'awaiting_approval' },
    });
    const twice = await t.b.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(twice.kind).toBe('forbidden');
    expect(twice.message).toMatch(/already/);
    expect(await ibansOf(NINA)).toEqual(before);

    await third.decideChange(environment, id, 'approve');
    // The third login has no desk: a desk of the team does it once a minute has passed; aged here as the schema's owner.
    await withClient(t.adminUrl, (c) =>
      c.query("UPDATE desk.account_changes SET approval_decided_at = now() - interval '2 minutes' WHERE id = $1", [id]),
    );
    const done = await eventually(async () => {
      const p = await onDesk(t.b, id);
      return p?.change?.progress === 'done' ? p : undefined;
    }, 10_000);
    expect(done).toMatchObject({ state: 'approved', approvals: 2 });
    expect(await ibansOf(NINA)).toEqual([...before, iban]);
  });

  it('a change a desk claimed and never finished is taken over by another desk after ten minutes, and done once', async () => {
    await onlyRule({});
    const iban = 'NL91ABNA0417164300';
    const id = (await t.a.call('banks.add', { userId: TOM, iban })).proposedForApproval!.proposalId;
    await third.decideChange(environment, id, 'approve');
    // The third login claims it, as a desk would before calling Kriptomat, and then dies.
    expect(await third.claimChange(environment, id)).toMatchObject({ state: 'performing', performedBy: thirdName });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Claimed just now: no desk takes it over, however often they sweep.
    expect(await onDesk(t.a, id)).toMatchObject({ change: { progress: 'performing' } });
    expect(await ibansOf(TOM)).toEqual([]);

    // Eleven minutes on, as the superuser with triggers off (the table stamps updated_at itself on every write).
    await withClient(t.adminUrl, async (c) => {
      await c.query('SET session_replication_role = replica');
      await c.query(
        "UPDATE desk.account_changes SET updated_at = now() - interval '11 minutes', approval_decided_at = now() - interval '11 minutes' WHERE id = $1",
        [id],
      );
    });
    const done = await eventually(async () => {
      const p = await onDesk(t.a, id);
      return p?.change?.progress === 'done' ? p : undefined;
    }, 10_000);
    expect(done!.change!.outcome).toMatch(/added for user 4/);
    expect(await ibansOf(TOM)).toEqual([iban]);
  });

  it('a change Kriptomat refuses ends failed with its reason, adds nothing, and is audited', async () => {
    const before = await ibansOf(SARA);
    const id = (await t.a.call('banks.add', { userId: SARA, iban: 'FR1420041010050500013M02606' })).proposedForApproval!.proposalId;
    const decided = await t.b.call('approvals.decide', { orderId: id, decision: 'approve' });
    expect(decided.change).toMatchObject({ progress: 'failed' });
    expect(decided.change!.outcome).toBe('Not done: Kriptomat rejected the request: The user is disabled.');
    expect(await ibansOf(SARA)).toEqual(before);
    const audit = await t.b.call('audit.query', { filter: { action: 'approval.perform' }, limit: 1, offset: 0 });
    expect(audit.rows[0]).toMatchObject({
      outcome: 'error',
      summary: expect.stringContaining(
        'add bank account FR…2606 for user 7: failed (Not done: Kriptomat rejected the request: The user is disabled.)',
      ) as unknown,
    });
    // Failed stays failed: approving it again changes nothing.
    const again = await t.b.fail('approvals.decide', { orderId: id, decision: 'approve' });
    expect(again.kind).toBe('forbidden');
    expect(await ibansOf(SARA)).toEqual(before);
  });
});
