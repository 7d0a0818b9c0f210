// policy.* and approvals.* on a Solo desk: the policy is the desk's own
// withdrawal hold (the setting the hold uses, and no longer a field of
// settings.update); approval rules, the rate move limit and decisions say that
// they need the team workspace; the queue is empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DeskHarness } from './harness';

const ANA = 1; // verified, active, rich, 2 bank accounts

describe('the policy on a Solo desk', () => {
  let h: DeskHarness;
  beforeAll(async () => {
    h = await startDesk();
  });
  afterAll(async () => {
    await h.close();
  });

  it('is the withdrawal hold, with a note that rules need the team workspace', async () => {
    const policy = await h.call('policy.get', {});
    expect(policy).toMatchObject({ workspace: 'solo', editable: true, rules: [], withdrawHoldHours: 0, rateMovePercent: null });
    expect(policy.note).toMatch(/team workspace/);
  });

  it('sets the hold that withdrawals to new bank accounts wait out, and audits it', async () => {
    expect(await h.call('policy.update', { withdrawHoldHours: 6 })).toMatchObject({ workspace: 'solo', withdrawHoldHours: 6 });
    expect((await h.call('policy.get', {})).withdrawHoldHours).toBe(6);
    expect(await h.call('settings.get', {})).not.toHaveProperty('withdrawHoldHours');
    // The hold uses it: an account first seen now is held for 6 hours.
    const [account] = await h.call('banks.list', { userId: ANA });
    expect(account!.withdrawHeldUntilMs).toEqual(expect.any(Number));
    const placed = await h.call('orders.withdraw', {
      profileId: 'local-sandbox',
      userId: ANA,
      bankAccountId: account!.id,
      amount: '20.00',
    });
    expect(placed.state).toBe('held');
    expect(placed.holdUntilMs! - Date.now()).toBeGreaterThan(5 * 3_600_000);
    await h.call('orders.cancelHeld', { orderId: placed.id });
    const { rows } = await h.call('audit.query', { filter: { action: 'policy.update' }, limit: 1, offset: 0 });
    expect(rows[0]).toMatchObject({ outcome: 'ok', summary: expect.stringContaining('withdrawal hold 6 h') as unknown });
    await h.call('policy.update', { withdrawHoldHours: 0 });
  });

  it('refuses rules and the rate move limit, saying they need the team workspace', async () => {
    const rules = await h.fail('policy.update', {
      saveRules: [
        {
          action: 'buy',
          thresholdEur: '100.00',
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: 86_400,
          enabled: true,
          position: 0,
        },
      ],
    });
    expect(rules).toMatchObject({ kind: 'invalid_input', fieldErrors: { saveRules: [expect.stringMatching(/team workspace/)] } });
    const rate = await h.fail('policy.update', { rateMovePercent: '2' });
    expect(rate.message).toMatch(/team workspace/);
  });

  it('has no approvals: the queue is empty and a decision says why', async () => {
    expect(await h.call('approvals.list', {})).toEqual([]);
    const refused = await h.fail('approvals.decide', { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', decision: 'approve' });
    expect(refused.kind).toBe('invalid_input');
    expect(refused.message).toMatch(/Approvals need a second operator, so they work in the team workspace/);
    const withdraw = await h.fail('approvals.withdraw', { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', reason: 'Wrong amount' });
    expect(withdraw.kind).toBe('invalid_input');
    expect(withdraw.message).toMatch(/Approvals need a second operator, so they work in the team workspace/);
  });
});
