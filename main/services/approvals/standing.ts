// Where this login stands with a proposal (an order's or an account change's):
// whether it may decide on it, and if not why; whether it may withdraw it. These
// only shape the buttons and the words beside them — the team database judges
// every decision and withdrawal itself and refuses in its own words.
import type { Whoami } from './access';
import type { TeamAccountChange, TeamProposal } from '../../store/port';

/** What the judgements below read of a proposal: an order's or an account change's. */
export type Decidable = Pick<TeamProposal, 'approvalState' | 'proposedBy' | 'decisions'> & { expiresAtMs: number; change: boolean };

export function decidable(p: TeamProposal): Decidable {
  return {
    approvalState: p.approvalState,
    proposedBy: p.proposedBy,
    decisions: p.decisions,
    expiresAtMs: p.rule.expiresAtMs,
    change: false,
  };
}

export function changeDecidable(c: TeamAccountChange): Decidable {
  return { approvalState: c.approvalState, proposedBy: c.proposedBy, decisions: c.decisions, expiresAtMs: c.expiresAtMs, change: true };
}

/** Why this login may not decide on it now; null when it may. */
export function whyNot(p: Decidable, me: Whoami, nowMs: number): string | null {
  switch (p.approvalState) {
    case 'approved':
      return p.change
        ? 'It has the approvals it needs and was released to be done.'
        : 'It has the approvals it needs and was released for sending.';
    case 'rejected': {
      const withdrawn = p.decisions.find((d) => d.decision === 'withdraw');
      if (withdrawn) return `Its proposer, ${withdrawn.approver}, withdrew it: ${withdrawn.reason ?? ''}.`;
      const by = p.decisions.find((d) => d.decision === 'reject');
      return `It was rejected${by ? ` by ${by.approver}: ${by.reason ?? ''}` : ''}.`;
    }
    case 'expired':
      return 'The proposal expired without enough approvals.';
    default:
      break;
  }
  if (p.proposedBy === me.login)
    return `You proposed it: another operator must decide on it.${mayWithdraw(p, me, nowMs) ? ' You may withdraw it.' : ''}`;
  if (!me.approver) return 'Only desk approvers and admins decide on proposals.';
  if (p.decisions.some((d) => d.approver === me.login))
    return 'You have already approved it: the next approval must come from another operator.';
  if (p.expiresAtMs <= nowMs) return 'The proposal expired without enough approvals.';
  return null;
}

/** Whether the database will refuse this login's decision whatever the roles and the clock say. */
export function certainlyRefused(p: Decidable, login: string): boolean {
  return p.approvalState !== 'pending' || p.proposedBy === login || p.decisions.some((d) => d.approver === login);
}

/** Only its proposer, while it awaits approval and has not expired (desk.withdraw_proposal's rule). */
export function mayWithdraw(p: Decidable, me: Whoami, nowMs: number): boolean {
  return p.approvalState === 'pending' && p.proposedBy === me.login && p.expiresAtMs > nowMs;
}
