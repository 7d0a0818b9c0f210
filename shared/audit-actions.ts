// Every operator action the audit log records: one list for the recorder in main,
// the bridge's filter schema and the renderer's filter choices.
export const auditActions = [
  'login',
  'logout',
  'profile.select',
  'profile.add',
  'profile.remove',
  'credentials.save',
  'user.create',
  'user.update',
  'kyc.import',
  'bank.add',
  'bank.delete',
  'order.buy',
  'order.sell',
  'order.withdraw',
  'order.settle',
  'order.cancel',
  'settings.update',
  'policy.update',
  // Written by the team database itself (main/store/postgres/migrations/0003-four-eyes-approvals.sql), in the acting login's name.
  'approval.rule.add',
  'approval.rule.change',
  'approval.rule.remove',
  'approval.propose',
  'approval.approve',
  'approval.reject',
  'approval.withdraw',
  'approval.expire',
  'approval.send',
  'approval.perform',
  'audit.verify',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** Each action in the operator's words, for the audit screen (the log and its CSV keep the codes). */
export const auditActionLabels: Record<AuditAction, string> = {
  login: 'Sign in',
  logout: 'Sign out',
  'profile.select': 'Switch environment',
  'profile.add': 'Add environment',
  'profile.remove': 'Remove environment',
  'credentials.save': 'Save credentials',
  'user.create': 'Create user',
  'user.update': 'Update user',
  'kyc.import': 'Import KYC',
  'bank.add': 'Add bank account',
  'bank.delete': 'Delete bank account',
  'order.buy': 'Buy order',
  'order.sell': 'Sell order',
  'order.withdraw': 'Withdrawal',
  'order.settle': 'Settle order by hand',
  'order.cancel': 'Cancel held order',
  'settings.update': 'Change settings',
  'policy.update': 'Change policy',
  'approval.rule.add': 'Add approval rule',
  'approval.rule.change': 'Change approval rule',
  'approval.rule.remove': 'Remove approval rule',
  'approval.propose': 'Propose for approval',
  'approval.approve': 'Approve proposal',
  'approval.reject': 'Reject proposal',
  'approval.withdraw': 'Withdraw own proposal',
  'approval.expire': 'Proposal expired',
  'approval.send': 'Send approved order',
  'approval.perform': 'Do approved account change',
  'audit.verify': 'Verify audit trail',
};

/** An action's label; an action this build does not know (an older or newer log) as it is stored. */
export function auditActionLabel(action: string): string {
  return Object.prototype.hasOwnProperty.call(auditActionLabels, action) ? auditActionLabels[action as AuditAction] : action;
}

/**
 * Why *Verify audit trail* cannot run here: only a team workspace's shared trail is
 * hash-chained. The bridge refuses in these words and the Audit screen shows them
 * beside the disabled button.
 */
export const AUDIT_NOT_CHAINED_WORDS =
  "Verify audit trail works in a team workspace on a shared environment: this desk's own trail (Solo, or the Local sandbox) is not hash-chained, so there is no chain to verify.";
