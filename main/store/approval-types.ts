// The four-eyes approvals as the port speaks of them (JournalApprovals in
// port.ts): rules, proposals (journal rows awaiting approval), decisions and
// account changes. Only the team database keeps them (main/store/postgres reads
// its rows into these shapes); they are defined here so the port depends on no
// store. What a rule may cover is the bridge's list (shared/api/approval-actions.ts),
// which the database's own check (postgres/migrations/0003-four-eyes-approvals.sql) matches.
import type { UserStatus } from '../../shared/kriptomat';
import type { AccountChangeAction, ApprovalAction } from '../../shared/api/approval-actions';
import type { TeamOrder } from './journal-row';

export type { AccountChangeAction, ApprovalAction };

export type ApprovalDecisionKind = 'approve' | 'reject';
/** pending: awaiting approval; approved: released for sending (the journal state says how the send went). */
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired';

export interface ApprovalRule {
  id: number;
  environment: string;
  /** Where an admin lists it; matching does not depend on it (the strictest rule applies). */
  position: number;
  action: ApprovalAction;
  /** Decimal EUR text with 2 places: the rule applies from this value up; null for any amount. */
  thresholdEur: string | null;
  /** withdraw only: the rule applies to a bank account added less than this many hours ago; null for any account. */
  newAccountHours: number | null;
  approvalsNeeded: number;
  /** How long a proposal under this rule waits for its approvals. */
  expirySeconds: number;
  enabled: boolean;
  createdBy: string;
  createdAtMs: number;
  updatedBy: string;
  updatedAtMs: number;
}

export interface ApprovalRuleInput {
  action: ApprovalAction;
  /** Decimal EUR text, up to 12 digits and 2 places; null or omitted: any amount. buy, sell and withdraw only. */
  thresholdEur?: string | null;
  /** withdraw only: applies to a bank account added less than this many hours ago (1 to 8760). */
  newAccountHours?: number | null;
  /** 1 to 3. */
  approvalsNeeded: number;
  /** Default 24 h; 1 s to 30 days. */
  expirySeconds?: number;
  /** Default true. */
  enabled?: boolean;
  /** Where an admin lists it (default 0; listRules sorts by it, then by id). */
  position?: number;
}

export interface ApprovalDecision {
  /** The database login that decided (session_user); for a withdrawal, the proposer. */
  approver: string;
  /** 'withdraw': the proposer took it back (postgres/migrations/0006-withdraw-proposal.sql: stored as their 'reject'). */
  decision: ApprovalDecisionKind | 'withdraw';
  /** A withdrawal's without WITHDRAWN_PREFIX: the proposer's own words. */
  reason: string | null;
  /** The rate the decider's desk showed when deciding (decimal text), when it sent one. */
  rate: string | null;
  atMs: number;
}

/** The rule as it was when the order was proposed: a later change of the policy does not change it. */
export interface ProposalRuleSnapshot {
  /** The rule's id; it may have been changed or removed since. */
  id: number;
  thresholdEur: string | null;
  newAccountHours: number | null;
  approvalsNeeded: number;
  expiresAtMs: number;
}

export interface TeamProposal extends TeamOrder {
  approvalState: ApprovalState;
  /** Who proposed it: the login that wrote the row (placedBy). */
  proposedBy: string;
  proposedAtMs: number;
  /** The order's value in EUR when it was proposed, decimal text, as the database computed it (a sell: amount × rateAtProposal). */
  valueEur: string;
  /** The pair's rate when it was proposed (null for a withdrawal). */
  rateAtProposal: string | null;
  bankAccountAgeHours: number | null;
  rule: ProposalRuleSnapshot;
  /** When it was approved enough, rejected or expired. */
  decidedAtMs: number | null;
  /** Every decision so far, oldest first. */
  decisions: ApprovalDecision[];
  /** How many of `decisions` approve. */
  approvals: number;
}

export type AccountChangeState = 'awaiting_approval' | 'rejected' | 'expired' | 'approved' | 'performing' | 'done' | 'failed';

/** What the change does: the IBAN to add, or the API's user update body (its `status` the new one) and the status before. */
export type AccountChangePayload =
  | { iban: string }
  | { fields: { email: string; name: string; surname: string; phone: string; status: UserStatus }; fromStatus: string | null };

export interface TeamAccountChange {
  id: string;
  environment: string;
  userId: number;
  action: AccountChangeAction;
  payload: AccountChangePayload;
  state: AccountChangeState;
  approvalState: ApprovalState;
  ruleId: number;
  approvalsNeeded: number;
  expiresAtMs: number;
  decidedAtMs: number | null;
  /** done/failed: what came of it; rejected/expired: why. */
  outcome: string | null;
  proposedBy: string;
  proposedAtMs: number;
  performedBy: string | null;
  decisions: ApprovalDecision[];
  approvals: number;
}
