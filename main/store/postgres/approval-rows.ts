// Rows of the approval tables (migrations/0003-four-eyes-approvals.sql) in the shapes the port speaks
// (main/store/approval-types.ts). A proposal is a journal row, so its order part
// is rows.ts's toTeamOrder.
import { WITHDRAWN_PREFIX } from './constants';
import { toTeamOrder, type OrderRow } from './rows';
import type { ApprovalAction, ApprovalDecision, ApprovalRule, ApprovalState, TeamProposal } from '../approval-types';

export type {
  ApprovalAction,
  ApprovalDecision,
  ApprovalDecisionKind,
  ApprovalRule,
  ApprovalState,
  ProposalRuleSnapshot,
  TeamProposal,
} from '../approval-types';

export interface ApprovalRuleRow {
  id: number;
  environment: string;
  position: number;
  action: ApprovalAction;
  threshold_eur: string | null;
  new_account_hours: number | null;
  approvals_needed: number;
  expiry_seconds: number;
  enabled: boolean;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export function toApprovalRule(r: ApprovalRuleRow): ApprovalRule {
  return {
    id: r.id,
    environment: r.environment,
    position: r.position,
    action: r.action,
    thresholdEur: r.threshold_eur,
    newAccountHours: r.new_account_hours,
    approvalsNeeded: r.approvals_needed,
    expirySeconds: r.expiry_seconds,
    enabled: r.enabled,
    createdBy: r.created_by,
    createdAtMs: r.created_at.getTime(),
    updatedBy: r.updated_by,
    updatedAtMs: r.updated_at.getTime(),
  };
}

export interface ProposalRow extends OrderRow {
  value_eur: string;
  rate_at_proposal: string | null;
  bank_account_age_hours: string | null;
  approval_state: ApprovalState;
  approval_rule_id: number;
  approval_threshold_eur: string | null;
  approval_new_account_hours: number | null;
  approvals_needed: number;
  approval_expires_at: Date;
  approval_decided_at: Date | null;
  /** json_agg of desk.approvals (PROPOSAL_COLUMNS). */
  decisions: ApprovalDecision[];
}

/** A proposal row with its decisions, oldest first: `o` is desk.orders. */
export const PROPOSAL_COLUMNS = `o.*, coalesce((
  SELECT json_agg(json_build_object('approver', a.approver, 'decision', a.decision, 'reason', a.reason, 'rate', a.rate::text,
                                    'atMs', (extract(epoch FROM a.at) * 1000)::float8) ORDER BY a.at, a.id)
    FROM desk.approvals a WHERE a.order_id = o.id), '[]'::json) AS decisions`;

/**
 * The decisions of a proposal, the proposer's own rejection read as the withdrawal it
 * is: the database never lets a proposer decide on their own proposal (KA001), so
 * their only row there is the one desk.withdraw_proposal writes.
 */
export function namedDecisions(decisions: readonly ApprovalDecision[], proposer: string): ApprovalDecision[] {
  return decisions.map((d) =>
    d.approver === proposer && d.decision === 'reject'
      ? { ...d, decision: 'withdraw', reason: d.reason?.startsWith(WITHDRAWN_PREFIX) ? d.reason.slice(WITHDRAWN_PREFIX.length) : d.reason }
      : d,
  );
}

export function toTeamProposal(r: ProposalRow): TeamProposal {
  const order = toTeamOrder(r);
  return {
    ...order,
    approvalState: r.approval_state,
    proposedBy: order.placedBy,
    proposedAtMs: order.createdAtMs,
    valueEur: r.value_eur,
    rateAtProposal: r.rate_at_proposal,
    bankAccountAgeHours: r.bank_account_age_hours === null ? null : Number(r.bank_account_age_hours),
    rule: {
      id: r.approval_rule_id,
      thresholdEur: r.approval_threshold_eur,
      newAccountHours: r.approval_new_account_hours,
      approvalsNeeded: r.approvals_needed,
      expiresAtMs: r.approval_expires_at.getTime(),
    },
    decidedAtMs: r.approval_decided_at?.getTime() ?? null,
    decisions: namedDecisions(r.decisions, order.placedBy),
    approvals: r.decisions.filter((d) => d.decision === 'approve').length,
  };
}

/** Proposals awaiting approval, and how many of them this login may decide on now. */
export interface PendingCount {
  pending: number;
  awaitingYou: number;
}

/**
 * SQL: a pending row this login may decide on (what the decide functions would
 * not refuse): an approver's, not their own, not decided by them yet, not overdue.
 * `proposer` names the row's proposer column, `decisionOfRow` ties desk.approvals `a` to the row.
 */
export function AWAITING_YOU(proposer: string, decisionOfRow: string): string {
  return `pg_has_role(session_user, 'desk_approver', 'MEMBER') AND ${proposer} <> session_user
    AND approval_expires_at > clock_timestamp()
    AND NOT EXISTS (SELECT 1 FROM desk.approvals a WHERE ${decisionOfRow} AND a.approver = session_user)`;
}
