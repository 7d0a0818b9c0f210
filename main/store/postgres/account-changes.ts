// Four-eyes approvals for account changes on the team database (migrations/0005-account-change-approvals.sql):
// adding a bank account and changing a user's status. The database picks the
// rule, records the proposer, judges every decision (desk.decide_account_change)
// and lets one desk claim an approved change to perform it once; here are only
// the queries. Refusals are the database's (TeamApprovalRefusedError).
import type { TeamSql } from './connection';
import { STALE_PERFORMING_SECONDS } from './constants';
import { TeamApprovalRefusedError, TeamStoreError } from './errors';
import { AWAITING_YOU, namedDecisions, type PendingCount } from './approval-rows';
import type {
  AccountChangeAction,
  AccountChangePayload,
  AccountChangeState,
  ApprovalDecision,
  ApprovalDecisionKind,
  ApprovalState,
  TeamAccountChange,
} from '../approval-types';

export type { AccountChangeAction, AccountChangePayload, AccountChangeState, TeamAccountChange } from '../approval-types';

export interface TeamNewAccountChange {
  environment: string;
  userId: number;
  action: AccountChangeAction;
  payload: AccountChangePayload;
}

export interface TeamAccountChanges {
  /** Journals the change as awaiting approval under the strictest matching rule; refused ('no-rule') when none asks. */
  proposeChange(change: TeamNewAccountChange): Promise<TeamAccountChange>;
  listChanges(environment: string, options?: { states?: readonly ApprovalState[]; limit?: number }): Promise<TeamAccountChange[]>;
  changeById(environment: string, id: string): Promise<TeamAccountChange | null>;
  decideChange(environment: string, id: string, decision: ApprovalDecisionKind, reason?: string | null): Promise<TeamAccountChange>;
  /** Withdraws this login's own proposed change (desk.withdraw_proposal): it ends rejected, never done. */
  withdrawChange(environment: string, id: string, reason: string): Promise<TeamAccountChange>;
  /**
   * approved → performing in this login's name (or taken over from a claim left
   * unfinished for STALE_PERFORMING_SECONDS); null when another desk has it.
   */
  claimChange(environment: string, id: string): Promise<TeamAccountChange | null>;
  /** Approved changes no desk is doing: unclaimed a minute after the approval, or claimed and left unfinished too long (the desk died). */
  unperformedChanges(environment: string): Promise<TeamAccountChange[]>;
  /** performing → done | failed with what came of it; only the login that claimed it. */
  finishChange(environment: string, id: string, state: 'done' | 'failed', outcome: string): Promise<TeamAccountChange>;
  /** Account changes awaiting approval, and how many of them this login may decide on now. */
  countPendingChanges(environment: string): Promise<PendingCount>;
  expireChanges(environment: string): Promise<number>;
}

interface ChangeRow {
  id: string;
  environment: string;
  user_id: string;
  action: AccountChangeAction;
  payload: AccountChangePayload;
  state: AccountChangeState;
  approval_state: ApprovalState;
  approval_rule_id: string;
  approvals_needed: number;
  approval_expires_at: Date;
  approval_decided_at: Date | null;
  outcome: string | null;
  proposed_by: string;
  created_at: Date;
  performed_by: string | null;
  decisions: ApprovalDecision[];
}

const COLUMNS = `c.*, desk.account_change_approval_state(c.state) AS approval_state, coalesce((
  SELECT json_agg(json_build_object('approver', a.approver, 'decision', a.decision, 'reason', a.reason, 'rate', NULL,
                                    'atMs', (extract(epoch FROM a.at) * 1000)::float8) ORDER BY a.at, a.id)
    FROM desk.approvals a WHERE a.change_id = c.id), '[]'::json) AS decisions`;

const STALE_CLAIM = `(state = 'performing' AND updated_at < clock_timestamp() - ${STALE_PERFORMING_SECONDS} * interval '1 second')`;
/** Approved and not being done: the guard trigger's condition for a claim (migrations/0005-account-change-approvals.sql). */
const UNPERFORMED = `(state = 'approved' OR ${STALE_CLAIM})`;
/**
 * What a sweep takes: the deciding desk does an approved change at once, so a
 * sweep leaves it that long first (else a sweep in between would do it instead).
 */
const SWEEP_GRACE_SECONDS = 60;
const LEFT_UNPERFORMED = `((state = 'approved' AND approval_decided_at < clock_timestamp() - ${SWEEP_GRACE_SECONDS} * interval '1 second') OR ${STALE_CLAIM})`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATES_OF: Record<ApprovalState, AccountChangeState[]> = {
  pending: ['awaiting_approval'],
  approved: ['approved', 'performing', 'done', 'failed'],
  rejected: ['rejected'],
  expired: ['expired'],
};

function toChange(r: ChangeRow): TeamAccountChange {
  return {
    id: r.id,
    environment: r.environment,
    userId: Number(r.user_id),
    action: r.action,
    payload: r.payload,
    state: r.state,
    approvalState: r.approval_state,
    ruleId: Number(r.approval_rule_id),
    approvalsNeeded: r.approvals_needed,
    expiresAtMs: r.approval_expires_at.getTime(),
    decidedAtMs: r.approval_decided_at?.getTime() ?? null,
    outcome: r.outcome,
    proposedBy: r.proposed_by,
    proposedAtMs: r.created_at.getTime(),
    performedBy: r.performed_by,
    decisions: namedDecisions(r.decisions, r.proposed_by),
    approvals: r.decisions.filter((d) => d.decision === 'approve').length,
  };
}

function refuse(message: string): never {
  throw new TeamStoreError('invalid', message);
}

export function createTeamAccountChanges(sql: TeamSql): TeamAccountChanges {
  async function changeById(environment: string, id: string): Promise<TeamAccountChange | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await sql.query<ChangeRow>(`SELECT ${COLUMNS} FROM desk.account_changes c WHERE c.environment = $1 AND c.id = $2`, [
      environment,
      id,
    ]);
    return rows[0] ? toChange(rows[0]) : null;
  }
  const existing = async (environment: string, id: string): Promise<TeamAccountChange> => {
    const found = await changeById(environment, id);
    if (!found) throw new TeamApprovalRefusedError('not-a-proposal', `Change ${id} is not a proposal awaiting approval`);
    return found;
  };

  return {
    async proposeChange(c) {
      if (!Number.isSafeInteger(c.userId) || c.userId <= 0) refuse(`Not a user id: ${c.userId}`);
      const { rows } = await sql.query<{ id: string }>(
        'INSERT INTO desk.account_changes (environment, user_id, action, payload) VALUES ($1, $2, $3, $4) RETURNING id',
        [c.environment, c.userId, c.action, JSON.stringify(c.payload)],
      );
      return existing(c.environment, rows[0]!.id);
    },

    async listChanges(environment, options = {}) {
      const states = (options.states ?? ['pending']).flatMap((s) => STATES_OF[s] ?? refuse(`Not an approval state: ${String(s)}`));
      const { rows } = await sql.query<ChangeRow>(
        `SELECT ${COLUMNS} FROM desk.account_changes c WHERE c.environment = $1 AND c.state = ANY($2::text[])
          ORDER BY c.created_at, c.seq LIMIT $3`,
        [environment, states, options.limit ?? 200],
      );
      return rows.map(toChange);
    },

    changeById,

    async decideChange(environment, id, decision, reason = null) {
      await existing(environment, id);
      await sql.query('SELECT desk.decide_account_change($1, $2, $3)', [id, decision, reason]);
      return existing(environment, id);
    },

    async withdrawChange(environment, id, reason) {
      await existing(environment, id);
      await sql.query('SELECT desk.withdraw_proposal($1, $2)', [id, reason]);
      return existing(environment, id);
    },

    async claimChange(environment, id) {
      const { rows } = await sql.query<{ id: string }>(
        `UPDATE desk.account_changes SET state = 'performing' WHERE environment = $1 AND id = $2 AND ${UNPERFORMED} RETURNING id`,
        [environment, id],
      );
      return rows[0] ? existing(environment, id) : null;
    },

    async unperformedChanges(environment) {
      const { rows } = await sql.query<ChangeRow>(
        `SELECT ${COLUMNS} FROM desk.account_changes c WHERE c.environment = $1 AND ${LEFT_UNPERFORMED} ORDER BY c.approval_decided_at, c.seq LIMIT 50`,
        [environment],
      );
      return rows.map(toChange);
    },

    async finishChange(environment, id, state, outcome) {
      await sql.query('UPDATE desk.account_changes SET state = $3, outcome = $4 WHERE environment = $1 AND id = $2', [
        environment,
        id,
        state,
        outcome.slice(0, 2000),
      ]);
      return existing(environment, id);
    },

    async countPendingChanges(environment) {
      const { rows } = await sql.query<PendingCount>(
        `SELECT count(*)::int AS pending, count(*) FILTER (WHERE ${AWAITING_YOU('c.proposed_by', 'a.change_id = c.id')})::int AS "awaitingYou"
           FROM desk.account_changes c WHERE c.environment = $1 AND c.state = 'awaiting_approval'`,
        [environment],
      );
      return rows[0]!;
    },

    async expireChanges(environment) {
      const { rows } = await sql.query<{ n: number }>('SELECT desk.expire_account_changes($1) AS n', [environment]);
      return rows[0]!.n;
    },
  };
}
