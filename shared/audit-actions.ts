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
  'settings.update',
] as const;

export type AuditAction = (typeof auditActions)[number];
