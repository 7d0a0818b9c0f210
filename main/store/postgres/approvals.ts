// Four-eyes approvals on the team database (migrations/0003-four-eyes-approvals.sql). A proposal is
// a journal row awaiting approval; the database picks the rule, records who
// proposed it, judges every decision (desk.decide_proposal) and releases the row
// for sending once enough approvals are in — after which any desk claims and
// sends it like any other order (claimForSending). Nothing here decides who may
// do what: a refusal is the database's, as a TeamApprovalRefusedError (or kind
// 'permission' for a login outside desk_approver/desk_admin) with its message.
import type { TeamSql } from './connection';
import { TeamApprovalRefusedError, TeamStoreError } from './errors';
import { checkNewOrder, type TeamNewOrder } from './journal';
import {
  AWAITING_YOU,
  PROPOSAL_COLUMNS,
  toTeamProposal,
  type ApprovalDecisionKind,
  type PendingCount,
  type ApprovalState,
  type ProposalRow,
  type TeamProposal,
} from './approval-rows';

export interface TeamNewProposal extends TeamNewOrder {
  /**
   * The pair's rate now, decimal text (EUR per unit of crypto): required for a
   * sell, whose EUR value the database computes as amount × rate; recorded for a
   * buy (its amount is EUR); none for a withdrawal. The EUR value a rule's
   * threshold is compared with is never the client's.
   */
  rateAtProposal?: string | null;
  /** withdraw: how long ago the bank account was added; null when unknown (then new-account rules apply). */
  bankAccountAgeHours?: number | null;
}

export interface TeamApprovals {
  /**
   * Journals the order as awaiting approval, under the strictest rule that
   * matches (the database's choice, snapshotted on the row); nothing is sent.
   * Refused ('no-rule') when no rule asks for approval.
   */
  propose(proposal: TeamNewProposal): Promise<TeamProposal>;
  /** Proposals of the environment, oldest first; by default those still awaiting approval. */
  listProposals(environment: string, options?: { states?: readonly ApprovalState[]; limit?: number }): Promise<TeamProposal[]>;
  /** One proposal of the environment by its order id; null when there is none. */
  proposalById(environment: string, orderId: string): Promise<TeamProposal | null>;
  /**
   * Approves or rejects as this login. A rejection needs a reason. `rateNow`, the
   * pair's rate the approver saw (decimal text), is kept with the decision beside
   * the rate at proposal. Once enough approvals are in, the row is `sending` and
   * unleased: claimForSending takes it.
   */
  decide(
    environment: string,
    orderId: string,
    decision: ApprovalDecisionKind,
    reason?: string | null,
    rateNow?: string | null,
  ): Promise<TeamProposal>;
  /**
   * Withdraws this login's own proposal (desk.withdraw_proposal, migrations/0006-withdraw-proposal.sql): it ends
   * rejected, never sent. Refused for anyone but its proposer, once decided or expired, and without a reason.
   */
  withdraw(environment: string, orderId: string, reason: string): Promise<TeamProposal>;
  /** Proposed orders awaiting approval, and how many of them this login may decide on now. */
  countPending(environment: string): Promise<PendingCount>;
  /** Marks the environment's overdue proposals expired; returns how many. */
  expireProposals(environment: string): Promise<number>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^\d+(\.\d+)?$/;
const STATES: readonly ApprovalState[] = ['pending', 'approved', 'rejected', 'expired'];
const MAX_REASON = 1000;

function refuse(message: string): never {
  throw new TeamStoreError('invalid', message);
}

function notAProposal(orderId: string): never {
  throw new TeamApprovalRefusedError('not-a-proposal', `Order ${orderId} is not a proposal awaiting approval`);
}

function checkRate(rate: string | null): void {
  if (rate !== null && (typeof rate !== 'string' || !DECIMAL.test(rate) || !/[1-9]/.test(rate)))
    refuse(`Not a rate: ${JSON.stringify(rate)}`);
}

function checkProposal(p: TeamNewProposal): void {
  checkNewOrder(p);
  const rate = p.rateAtProposal ?? null;
  checkRate(rate);
  if (rate === null && p.kind === 'sell') refuse('A sell proposal needs the rate it is valued at');
  const age = p.bankAccountAgeHours ?? null;
  if (age !== null && !(Number.isFinite(age) && age >= 0)) refuse(`Not a bank account age in hours: ${age}`);
}

export function createTeamApprovals(sql: TeamSql): TeamApprovals {
  async function proposalById(environment: string, orderId: string): Promise<TeamProposal | null> {
    if (!UUID.test(orderId)) return null;
    const { rows } = await sql.query<ProposalRow>(
      `SELECT ${PROPOSAL_COLUMNS} FROM desk.orders o WHERE o.environment = $1 AND o.id = $2 AND o.approval_state IS NOT NULL`,
      [environment, orderId],
    );
    return rows[0] ? toTeamProposal(rows[0]) : null;
  }

  return {
    async propose(p) {
      checkProposal(p);
      // desk.propose_order (migration 7): desk logins may not write desk.orders themselves.
      const { rows } = await sql.query<{ id: string }>('SELECT desk.propose_order($1, $2, $3, $4, $5, $6, $7, $8) AS id', [
        p.environment,
        p.userId,
        p.kind,
        p.kind === 'withdraw' ? null : p.pair,
        p.amount,
        p.bankAccountId ?? null,
        p.rateAtProposal ?? null,
        p.bankAccountAgeHours ?? null,
      ]);
      return (await proposalById(p.environment, rows[0]!.id))!;
    },

    async listProposals(environment, options = {}) {
      const states = options.states ?? ['pending'];
      for (const s of states) if (!STATES.includes(s)) refuse(`Not an approval state: ${String(s)}`);
      const limit = options.limit ?? 200;
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) refuse(`Not a number of proposals from 1 to 1000: ${limit}`);
      const { rows } = await sql.query<ProposalRow>(
        `SELECT ${PROPOSAL_COLUMNS} FROM desk.orders o
          WHERE o.environment = $1 AND o.approval_state = ANY($2::text[])
          ORDER BY o.created_at, o.seq LIMIT $3`,
        [environment, [...states], limit],
      );
      return rows.map(toTeamProposal);
    },

    proposalById,

    async decide(environment, orderId, decision, reason = null, rateNow = null) {
      if (decision !== 'approve' && decision !== 'reject') refuse(`A decision is approve or reject, not ${String(decision)}`);
      checkRate(rateNow);
      if (reason !== null && (typeof reason !== 'string' || reason.length > MAX_REASON))
        refuse(`A reason is text of at most ${MAX_REASON} characters`);
      if (!UUID.test(orderId)) notAProposal(orderId);
      // The environment is the desk's profile's: a proposal of another one is not this desk's to decide
      // (no row here, so the database is not asked). One round trip for both.
      const { rows } = await sql.query(
        'SELECT desk.decide_proposal(o.id, $3, $4, $5) FROM desk.orders o WHERE o.environment = $1 AND o.id = $2',
        [environment, orderId, decision, reason, rateNow],
      );
      if (!rows[0]) notAProposal(orderId);
      return (await proposalById(environment, orderId))!;
    },

    async withdraw(environment, orderId, reason) {
      if (typeof reason !== 'string' || reason.length > MAX_REASON) refuse(`A reason is text of at most ${MAX_REASON} characters`);
      if (!UUID.test(orderId)) notAProposal(orderId);
      // As decide: only a proposal of this desk's environment is asked about.
      const { rows } = await sql.query(
        'SELECT desk.withdraw_proposal(o.id, $3) FROM desk.orders o WHERE o.environment = $1 AND o.id = $2',
        [environment, orderId, reason],
      );
      if (!rows[0]) notAProposal(orderId);
      return (await proposalById(environment, orderId))!;
    },

    async countPending(environment) {
      const { rows } = await sql.query<PendingCount>(
        `SELECT count(*)::int AS pending, count(*) FILTER (WHERE ${AWAITING_YOU('o.placed_by', 'a.order_id = o.id')})::int AS "awaitingYou"
           FROM desk.orders o WHERE o.environment = $1 AND o.state = 'awaiting_approval'`,
        [environment],
      );
      return rows[0]!;
    },

    async expireProposals(environment) {
      const { rows } = await sql.query<{ n: number }>('SELECT desk.expire_proposals($1) AS n', [environment]);
      return rows[0]!.n;
    },
  };
}
