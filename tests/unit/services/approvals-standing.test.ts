// Where a login stands with a proposal: the words beside disabled Approve/Reject
// buttons, and whether Withdraw is offered (main/services/approvals/standing.ts).
import { describe, expect, it } from 'vitest';
import { mayWithdraw, whyNot, type Decidable } from '../../../main/services/approvals/standing';

const NOW = 1_000_000;
const olga = { login: 'olga', approver: false, admin: false };
const petra = { login: 'petra', approver: true, admin: true };

function proposal(over: Partial<Decidable>): Decidable {
  return { approvalState: 'pending', proposedBy: 'olga', decisions: [], expiresAtMs: NOW + 60_000, change: false, ...over };
}

describe('approvals standing', () => {
  it('offers Withdraw to the proposer alone, while it awaits approval and has not expired', () => {
    expect(mayWithdraw(proposal({}), olga, NOW)).toBe(true);
    expect(mayWithdraw(proposal({}), petra, NOW)).toBe(false);
    expect(mayWithdraw(proposal({ expiresAtMs: NOW }), olga, NOW)).toBe(false);
    for (const approvalState of ['approved', 'rejected', 'expired'] as const)
      expect(mayWithdraw(proposal({ approvalState }), olga, NOW)).toBe(false);
  });

  it('tells the proposer they may withdraw it only while they may', () => {
    expect(whyNot(proposal({}), olga, NOW)).toBe('You proposed it: another operator must decide on it. You may withdraw it.');
    expect(whyNot(proposal({ expiresAtMs: NOW - 1 }), olga, NOW)).toBe('You proposed it: another operator must decide on it.');
  });

  it('says who withdrew a withdrawn proposal and why, and who rejected a rejected one', () => {
    const at = { rate: null, atMs: NOW };
    const withdrawn = proposal({
      approvalState: 'rejected',
      decisions: [{ ...at, approver: 'olga', decision: 'withdraw', reason: 'Wrong amount' }],
    });
    expect(whyNot(withdrawn, petra, NOW)).toBe('Its proposer, olga, withdrew it: Wrong amount.');
    const rejected = proposal({
      approvalState: 'rejected',
      decisions: [{ ...at, approver: 'petra', decision: 'reject', reason: 'Not now' }],
    });
    expect(whyNot(rejected, olga, NOW)).toBe('It was rejected by petra: Not now.');
  });
});
