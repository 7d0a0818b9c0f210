// The bridge contract between the untrusted renderer and main. One named method
// per operation (no generic invoke), each with the zod schema main validates its
// input against and the type of its result; plus the typed event map. The
// preload and the browser harness are both generated from `deskMethodNames` and
// `deskEventNames`, so a method missing here cannot be called at all.
//
// The contract is written by area in shared/api/ (one file per group of method
// prefixes, common.ts for the envelope and errors, methods.ts assembling the
// table); this file is the one entry everyone imports it from. The parts never
// import this file, so there is no import circle.

export type { CsvExport, DeskError, DeskErrorKind, DeskResult, RateMovedDetail } from './api/common';
export type { CredentialsView, ProfileKind, ProfileView, SessionSnapshot, SessionState, SessionView } from './api/session';
export { kycStatuses, userStatusSchema, type KycStatus, type UserStatus, type UserUpdateResult, type UserView } from './api/users';
export type { BankAccountView, BankAddResult, DepositInstructionsView } from './api/banks';
export type { BalanceView, CurrencyView, KriptomatHealthView, RateHistoryView, RatePoint, RateView } from './api/market';
export { orderSides, type OrderKind, type OrderView, type SettleCandidatesView } from './api/orders';
export {
  transactionFilterSchema,
  transactionSortSchema,
  type SyncResult,
  type TransactionPage,
  type TransactionView,
} from './api/transactions';
export { auditFilterSchema, type AuditEntryView, type AuditVerifyView } from './api/audit';
export {
  approvalActionLabels,
  approvalActions,
  approvalRuleInputSchema,
  approvalsDecideSchema,
  approvalsListSchema,
  approvalsWithdrawSchema,
  policyUpdateSchema,
  type AccountChangeAction,
  type AccountChangeProgress,
  type AccountChangeView,
  type ApprovalAction,
  type ApprovalDecisionView,
  type ApprovalRuleInput,
  type ApprovalRuleView,
  type PolicyUpdate,
  type PolicyView,
  type ProposalState,
  type ProposalView,
  type ProposedForApprovalView,
} from './api/approvals';
export type { WorkspaceSettingsView, WorkspaceStatusView, WorkspaceTestView } from './api/workspace';
export { themes, type PerOrderLimitView, type SettingsView } from './api/settings';
export {
  deskMethodNames,
  deskMethods,
  type DeskHandlers,
  type DeskInput,
  type DeskMethodName,
  type DeskMethods,
  type DeskOutput,
  type DeskParsedInput,
} from './api/methods';
export { deskEventNames, type DeskEventName, type DeskEvents } from './api/events';
export { channelOf, eventChannel, type DeskBridge } from './api/bridge';
