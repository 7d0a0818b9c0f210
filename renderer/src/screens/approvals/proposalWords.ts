// Plain words for a proposal and the rule it matched: one wording for the card,
// its buttons' names and the dialogs. Pure (no React).
import { approvalActionLabels, type ApprovalRuleView, type ProposalState, type ProposalView } from '../../../../shared/approvals-api';
import { orderCurrency } from '../../../../shared/pairs';
import { Decimal } from '../../../../shared/money';
import { safePairLabel } from '../../components/transactionCells';
import { changeTone, formatMoney, formatPercent } from '../../format';
import { userLabel } from '../../state/users';

export function proposalUser(p: ProposalView): string {
  return p.user ? userLabel(p.user) : `user #${p.userId}`;
}

/** "buy €20.00" — the words the Approve and Reject buttons are named with. */
export function proposalOrderWords(p: ProposalView): string {
  const kind = p.kind === 'withdraw' ? 'withdrawal' : p.kind;
  return `${kind} ${formatMoney(p.amount, orderCurrency(p.kind, p.pair))}`;
}

/** "Buy BTC/EUR €20.00". */
export function proposalOrder(p: ProposalView): string {
  const kind = p.kind === 'withdraw' ? 'Withdrawal' : p.kind === 'buy' ? 'Buy' : 'Sell';
  const pair = p.pair ? ` ${safePairLabel(p.pair)}` : '';
  return `${kind}${pair} ${formatMoney(p.amount, orderCurrency(p.kind, p.pair))}`;
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

/** The badge tone of a proposal's state (Badges' stateTone). */
export const proposalStateTone: Record<ProposalState, string> = { pending: 'pending', approved: 'success', rejected: 'failed', expired: 'failed' };

type RuleWords = Pick<ApprovalRuleView, 'action' | 'thresholdEur' | 'newAccountHours' | 'approvalsNeeded'>;

/** "Buy from €10,000.00 · 2 approvals needed" (with the new-account hours for a withdrawal rule). */
export function ruleWords(rule: RuleWords): string {
  const parts = [approvalActionLabels[rule.action] + (rule.thresholdEur !== null ? ` from ${formatMoney(rule.thresholdEur, 'eur')}` : ', any amount')];
  if (rule.newAccountHours !== null) parts.push(`to a bank account added less than ${rule.newAccountHours} h ago`);
  parts.push(rule.approvalsNeeded === 1 ? '1 approval needed' : `${rule.approvalsNeeded} approvals needed`);
  return parts.join(' · ');
}

/** "+1.25%" from the bridge's signed percent text; null when unknown. */
export function rateChangeWords(percent: string | null): { text: string; tone: string } | null {
  if (percent === null) return null;
  let fraction: Decimal;
  try {
    fraction = new Decimal(percent).div(100);
  } catch {
    return null;
  }
  return { text: formatPercent(fraction), tone: changeTone(fraction) ?? 'flat' };
}
