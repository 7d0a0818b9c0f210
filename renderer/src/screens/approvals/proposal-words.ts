// Plain words for a proposal and the rule it matched: one wording for the card,
// its buttons' names and the dialogs. Pure (no React).
import {
  approvalActionLabels,
  type AccountChangeView,
  type ApprovalDecisionView,
  type ApprovalRuleView,
  type ProposalState,
  type ProposalView,
} from '../../../../shared/api/approvals';
import { orderCurrency } from '../../../../shared/pairs';
import { Decimal } from '../../../../shared/money';
import { safePairLabel } from '../../components/transaction-cells';
import { formatMoney, formatPercent } from '../../format';
import { userLabel } from '../../state/users';

export function proposalUser(p: ProposalView): string {
  return p.user ? userLabel(p.user) : `user #${p.userId}`;
}

/** An account change in words: "add bank account DE…3000", "status change from active to disabled". */
function changeWords(change: AccountChangeView): string {
  if (change.action === 'add_bank_account') return `add bank account ${change.ibanMasked ?? ''}`;
  return `status change${change.fromStatus ? ` from ${change.fromStatus}` : ''} to ${change.toStatus ?? ''}`;
}

/** "buy €20.00", "add bank account DE…3000" — the words the Approve and Reject buttons are named with. */
export function proposalOrderWords(p: ProposalView): string {
  if (p.change) return changeWords(p.change);
  if (p.kind === 'add_bank_account' || p.kind === 'change_user_status') return approvalActionLabels[p.kind].toLowerCase();
  const kind = p.kind === 'withdraw' ? 'withdrawal' : p.kind;
  return `${kind} ${formatMoney(p.amount ?? '0', orderCurrency(p.kind, p.pair))}`;
}

/** "Buy BTC/EUR €20.00", "Add bank account DE…3000". */
export function proposalOrder(p: ProposalView): string {
  if (p.change || p.kind === 'add_bank_account' || p.kind === 'change_user_status') {
    const words = proposalOrderWords(p);
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  const kind = p.kind === 'withdraw' ? 'Withdrawal' : p.kind === 'buy' ? 'Buy' : 'Sell';
  const pair = p.pair ? ` ${safePairLabel(p.pair)}` : '';
  return `${kind}${pair} ${formatMoney(p.amount ?? '0', orderCurrency(p.kind, p.pair))}`;
}

/** How an approved account change went: "Done", "Failed", … (null for an order or a change not yet approved). */
export function changeProgressWords(p: ProposalView): string | null {
  switch (p.change?.progress) {
    case 'approved':
    case 'performing':
      return 'Being done at Kriptomat';
    case 'done':
      return 'Done';
    case 'failed':
      return 'Failed';
    default:
      return null;
  }
}

/** "Buy BTC/EUR €20.00 for Ana Novak (#1)" — the card's title. */
export function proposalTitle(p: ProposalView): string {
  return `${proposalOrder(p)} for ${proposalUser(p)}`;
}

export const proposalStateWords: Record<ProposalState, string> = {
  pending: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
};

/** Its proposer's withdrawal, when they took it back (it then reads rejected); undefined otherwise. */
export function withdrawalOf(p: ProposalView): ApprovalDecisionView | undefined {
  return p.state === 'rejected' ? p.decisions.find((d) => d.decision === 'withdraw') : undefined;
}

/** The state as the card's badge says it: a proposal its proposer took back reads "Withdrawn", not "Rejected". */
export function proposalStateLabel(p: ProposalView): string {
  return withdrawalOf(p) ? 'Withdrawn' : proposalStateWords[p.state];
}

/** "Approved by", "Rejected by", "Withdrawn by" — one decision in the card's list. */
export const decisionWords: Record<ApprovalDecisionView['decision'], string> = {
  approve: 'Approved by',
  reject: 'Rejected by',
  withdraw: 'Withdrawn by',
};

/** The badge tone of a proposal's state (Badges' stateTone). */
const proposalStateTone: Record<ProposalState, string> = { pending: 'pending', approved: 'success', rejected: 'failed', expired: 'failed' };

/** Its badge's tone: a proposal its proposer took back is not a refusal, so it is not shown in the refusal's red. */
export function proposalBadgeState(p: ProposalView): string {
  return withdrawalOf(p) ? 'cancelled' : proposalStateTone[p.state];
}

type RuleWords = Pick<ApprovalRuleView, 'action' | 'thresholdEur' | 'newAccountHours' | 'approvalsNeeded'>;

/** "Buy from €10,000.00 · 2 approvals needed" (with the new-account hours for a withdrawal rule). */
export function ruleWords(rule: RuleWords): string {
  // An account change has no amount: its rule applies to every such change.
  const amount = rule.action === 'add_bank_account' || rule.action === 'change_user_status' ? '' : ', any amount';
  const parts = [
    approvalActionLabels[rule.action] + (rule.thresholdEur !== null ? ` from ${formatMoney(rule.thresholdEur, 'eur')}` : amount),
  ];
  if (rule.newAccountHours !== null) parts.push(`to a bank account added less than ${rule.newAccountHours} h ago`);
  parts.push(rule.approvalsNeeded === 1 ? '1 approval needed' : `${rule.approvalsNeeded} approvals needed`);
  return parts.join(' · ');
}

/**
 * "+1.25%" from the bridge's signed percent text; null when unknown. No up/down
 * tone: a move since the proposal is neither good nor bad for an approval (the
 * approver weighs it), so the card shows it in the text's own colour.
 */
export function rateChangeWords(percent: string | null): string | null {
  if (percent === null) return null;
  try {
    return formatPercent(new Decimal(percent).div(100));
  } catch {
    return null;
  }
}
