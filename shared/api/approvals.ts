// The bridge's words for four-eyes approvals and the risk policy (issue 13):
// what the renderer sees of the team's approval rules and of orders awaiting
// approval, and the policy.* and approvals.* methods with their inputs. The team
// database is the judge (main/store/postgres/migrations/0003-four-eyes-approvals.sql); these views
// only carry its answers. What a rule may ask approval for, and the answer of a
// method a rule sent for approval, are in approval-actions.ts (the users and
// banks areas give that answer, and this file reads their views).
// Pure: no Node or DOM imports.
import { z } from 'zod';
import { approvalActions, type AccountChangeAction, type ApprovalAction } from './approval-actions';
// Importers of the approvals area find these here too, as they did before approval-actions.ts was apart.
export { approvalActions, type AccountChangeAction, type ApprovalAction, type ProposedForApprovalView } from './approval-actions';
import { method, returns } from './method';
import type { OrderKind } from './orders';
import type { UserView } from './users';
import { empty, orderId } from './values';
import {
  APPROVALS_NEEDED_MAX,
  APPROVALS_NEEDED_MIN,
  EUR_AMOUNT_PATTERN,
  EUR_AMOUNT_WORDS,
  EXPIRY_SECONDS_MAX,
  EXPIRY_SECONDS_MIN,
  NEW_ACCOUNT_HOURS_MAX,
  NEW_ACCOUNT_HOURS_MIN,
  PERCENT_PATTERN,
  PERCENT_WORDS,
} from '../policy-limits';
import { WITHDRAW_HOLD_HOURS_MAX } from '../order-rules';

export const approvalActionLabels: Record<ApprovalAction, string> = {
  buy: 'Buy',
  sell: 'Sell',
  withdraw: 'Withdrawal',
  add_bank_account: 'Add bank account',
  change_user_status: "Change a user's status",
};

export interface ApprovalRuleView {
  id: number;
  action: ApprovalAction;
  /** EUR, 2 places: the rule applies from this value up; null for any amount (buy, sell, withdraw only). */
  thresholdEur: string | null;
  /** Withdraw only: applies to a bank account added less than this many hours ago; null for any account. */
  newAccountHours: number | null;
  /** 1 to 3, each from a different operator than the proposer and each other. */
  approvalsNeeded: number;
  /** How long a proposal under this rule waits for its approvals, exactly as the database keeps it (default 86400: 24 h). */
  expirySeconds: number;
  enabled: boolean;
  /** Where the admin lists it; matching does not depend on it (the strictest rule applies). */
  position: number;
  updatedBy: string;
  updatedAtMs: number;
}

export interface PolicyView {
  /**
   * Whose policy applies to the active profile: 'team' on a shared profile of the
   * Team workspace; 'solo' on Solo and on the Local sandbox (private to the desk
   * even in Team), where the policy is the desk's own withdrawal hold.
   */
  workspace: 'solo' | 'team';
  /**
   * Team: whether this login may change the policy (a desk_admin; the database's
   * grants refuse anyone else). Solo: true (the policy is this desk's own).
   */
  editable: boolean;
  /** Team: the team's rules for the active environment. Solo: empty (rules need a second operator). */
  rules: ApprovalRuleView[];
  /** Solo: the cool-off on withdrawals to bank accounts new to the desk, in hours (0: none). Team: null. */
  withdrawHoldHours: number | null;
  /**
   * Team: how far (percent, decimal text) the rate may move between a proposal
   * and its approval before the approver must confirm again at the new rate. Solo: null.
   */
  rateMovePercent: string | null;
  /** Plain words about what applies where, e.g. that approval rules need the team workspace. */
  note: string | null;
}

const eurText = z.string().regex(EUR_AMOUNT_PATTERN, EUR_AMOUNT_WORDS);
const wholeBetween = (min: number, max: number, what: string) =>
  z
    .number({ error: `${what}: a whole number from ${min} to ${max}.` })
    .int(`${what}: a whole number from ${min} to ${max}.`)
    .min(min, `${what}: at least ${min}.`)
    .max(max, `${what}: at most ${max}.`);

/** A rule's limits are the team database's (shared/policy-limits.ts), so a rule it holds can be saved back unchanged. */
export const approvalRuleInputSchema = z
  .object({
    /** Absent: a new rule. */
    id: z.number().int().positive().optional(),
    action: z.enum(approvalActions),
    thresholdEur: eurText.nullable(),
    newAccountHours: wholeBetween(NEW_ACCOUNT_HOURS_MIN, NEW_ACCOUNT_HOURS_MAX, 'Hours since the bank account was added').nullable(),
    approvalsNeeded: wholeBetween(APPROVALS_NEEDED_MIN, APPROVALS_NEEDED_MAX, 'Approvals needed'),
    /** Exact, as the database keeps it (Settings offers days, hours or minutes). */
    expirySeconds: wholeBetween(EXPIRY_SECONDS_MIN, EXPIRY_SECONDS_MAX, 'Expiry in seconds'),
    enabled: z.boolean(),
    position: z.number().int().min(0).max(1000),
  })
  .strict();
export type ApprovalRuleInput = z.infer<typeof approvalRuleInputSchema>;

export const policyUpdateSchema = z
  .object({
    /** Team, admins only: rules to add (no id) or replace (with id). */
    saveRules: z.array(approvalRuleInputSchema).max(50).optional(),
    /** Team, admins only: ids of rules to remove. */
    removeRules: z.array(z.number().int().positive()).max(50).optional(),
    /** Team, admins only. */
    rateMovePercent: z.string().regex(PERCENT_PATTERN, PERCENT_WORDS).optional(),
    /** Solo only. */
    withdrawHoldHours: z.number().int().min(0).max(WITHDRAW_HOLD_HOURS_MAX).optional(),
  })
  .strict();
export type PolicyUpdate = z.infer<typeof policyUpdateSchema>;

export type ProposalState = 'pending' | 'approved' | 'rejected' | 'expired';

export interface ApprovalDecisionView {
  approver: string;
  /** 'withdraw': its proposer took it back (the proposal then reads rejected); `approver` is the proposer. */
  decision: 'approve' | 'reject' | 'withdraw';
  /** A withdrawal's: the proposer's own words. */
  reason: string | null;
  /** The rate the approver's desk showed when deciding, when there is one. */
  rate: string | null;
  atMs: number;
}

/**
 * Where a proposed account change is: awaiting approval, rejected, expired, or
 * approved and then being done, done or failed at Kriptomat.
 */
export type AccountChangeProgress = 'awaiting_approval' | 'rejected' | 'expired' | 'approved' | 'performing' | 'done' | 'failed';

/** What a proposed account change does, as an approver checks it. */
export interface AccountChangeView {
  action: AccountChangeAction;
  /** add_bank_account: the IBAN, masked to its country and last four characters; null otherwise. */
  ibanMasked: string | null;
  /** change_user_status: the status when it was proposed (null when unknown) and the one asked for. */
  fromStatus: string | null;
  toStatus: string | null;
  progress: AccountChangeProgress;
  /** done/failed: what came of it (e.g. that the account was there already); rejected/expired: why. */
  outcome: string | null;
}

/** An order or account change proposed for approval, with everything an approver needs to decide. */
export interface ProposalView {
  /** The proposal's id: the journal row's (also the order's id in orders.list), or the account change's. */
  orderId: string;
  kind: OrderKind | AccountChangeAction;
  userId: number;
  pair: string | null;
  /** Orders only (null for an account change). */
  amount: string | null;
  bankAccountId: number | null;
  /** As the database valued an order at the proposal, EUR; null for an account change. */
  valueEur: string | null;
  /** An account change: what it does and how it went; null for an order. */
  change: AccountChangeView | null;
  state: ProposalState;
  proposedBy: string;
  proposedAtMs: number;
  expiresAtMs: number;
  /** The rule as it was when the order was proposed. */
  rule: { id: number; action: ApprovalAction; thresholdEur: string | null; newAccountHours: number | null; approvalsNeeded: number };
  approvals: number;
  decisions: ApprovalDecisionView[];
  /**
   * The pair's rate when proposed and now (buy: price_buy, sell: price_sell); null for a withdrawal or when unknown.
   * `rateNow`, `user` and `balance` are read for pending proposals only (null on decided ones).
   */
  rateAtProposal: string | null;
  rateNow: string | null;
  /** Signed percent change from the proposal's rate to now, 2 places; null when either is unknown. */
  rateChangePercent: string | null;
  /** The user as main last read them (KYC, status), null when the read failed. */
  user: UserView | null;
  /** The user's balance in the currency the order spends, decimal text; null when the read failed. */
  balance: string | null;
  balanceCurrency: string;
  /** Whether this operator may approve or reject it now, and if not, why (own proposal, not an approver, decided already, expired). */
  mayDecide: boolean;
  whyNot: string | null;
  /** Whether this operator may withdraw it now: only its proposer, while it awaits approval and has not expired. */
  mayWithdraw: boolean;
}

export const approvalsListSchema = z
  .object({
    states: z
      .array(z.enum(['pending', 'approved', 'rejected', 'expired']))
      .min(1)
      .max(4)
      .optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();

export const approvalsDecideSchema = z.discriminatedUnion('decision', [
  z
    .object({
      orderId,
      decision: z.literal('approve'),
      /**
       * The rate the approver saw and accepts, when the rate moved more than the
       * policy allows since the proposal: main refuses an approval without it
       * (kind 'conflict', saying the move) and with one that is not the rate now.
       */
      confirmRate: z
        .string()
        .regex(/^\d{1,12}(\.\d{1,12})?$/)
        .optional(),
    })
    .strict(),
  z
    .object({
      orderId,
      decision: z.literal('reject'),
      reason: z.string().trim().min(1, 'Say why it is rejected.').max(500),
    })
    .strict(),
]);

export const approvalsWithdrawSchema = z
  .object({
    orderId,
    reason: z.string().trim().min(1, 'Say why it is withdrawn.').max(500, 'At most 500 characters.'),
  })
  .strict();

export const approvalsMethods = {
  // policy and approvals (issue 13): the team database judges; Solo has its cool-off only
  'policy.get': method(empty, returns<PolicyView>()),
  'policy.update': method(policyUpdateSchema, returns<PolicyView>()),
  'approvals.list': method(approvalsListSchema, returns<ProposalView[]>()),
  'approvals.decide': method(approvalsDecideSchema, returns<ProposalView>()),
  /** The proposer takes back their own pending proposal (it ends rejected, never sent or done); the proposal after. */
  'approvals.withdraw': method(approvalsWithdrawSchema, returns<ProposalView>()),
} as const;
