// The team's approval policy: ordered rules per environment (migrations/0003-four-eyes-approvals.sql).
// Every desk role reads them; only desk_admin may save or delete one — anyone
// else is refused by the database's grants (TeamStoreError kind 'permission') —
// and the database audits every change itself.
//
// matchRule asks the database (desk.match_approval_rule, the function the
// proposal trigger uses, or for an order desk.match_order_rule, the one
// desk.begin_order uses): what the desk previews is what the database will
// apply, with no second copy of "strictest" in TypeScript to drift from it.
import {
  APPROVALS_NEEDED_MAX,
  APPROVALS_NEEDED_MIN,
  EUR_AMOUNT_PATTERN,
  EXPIRY_SECONDS_MAX,
  EXPIRY_SECONDS_MIN,
  NEW_ACCOUNT_HOURS_MAX,
  NEW_ACCOUNT_HOURS_MIN,
} from '../../../shared/policy-limits';
import { PAIR_PATTERN } from '../../../shared/pairs';
import { APPROVAL_ACTIONS } from './constants';
import type { TeamSql } from './connection';
import { TeamStoreError } from './errors';
import { toApprovalRule, type ApprovalRuleRow } from './approval-rows';
import type { ApprovalAction, ApprovalRule, ApprovalRuleInput } from '../approval-types';

export type { ApprovalRuleInput };

export interface TeamApprovalRules {
  /** The environment's rules as an admin ordered them, disabled ones included. */
  listRules(environment: string): Promise<ApprovalRule[]>;
  /** Adds a rule (no id) or replaces rule `id` of the environment. desk_admin only. */
  saveRule(environment: string, rule: ApprovalRuleInput & { id?: number }): Promise<ApprovalRule>;
  /** False when the environment has no such rule. desk_admin only. */
  deleteRule(environment: string, id: number): Promise<boolean>;
  /**
   * The strictest enabled rule that an action of this EUR value (and, for a
   * withdrawal, bank account age) falls under, or null when none asks for
   * approval. Strictest: the highest threshold that matches (any amount counts as
   * 0); among equal, the most approvals. An unknown value or age (null) matches
   * every threshold and new-account rule: when the desk cannot tell, it asks.
   * With `order` (an order's pair and amount) the database values the order
   * itself, as desk.begin_order does (desk.match_order_rule: a sell at the rate
   * the team's desks recorded, or unknown when none is fresh) and `eurValue` is not used.
   */
  matchRule(
    environment: string,
    action: ApprovalAction,
    eurValue: string | null,
    bankAccountAgeHours?: number | null,
    order?: OrderToValue,
  ): Promise<ApprovalRule | null>;
}

/** What the database values an order by: its pair (none for a withdrawal) and amount (decimal text). */
export interface OrderToValue {
  pair: string | null;
  amount: string;
}

export const DEFAULT_EXPIRY_SECONDS = 24 * 3600;
const DECIMAL = /^\d+(\.\d+)?$/;
const MONEY_ACTIONS: ReadonlySet<ApprovalAction> = new Set(['buy', 'sell', 'withdraw']);

function refuse(message: string): never {
  throw new TeamStoreError('invalid', message);
}

function isIntIn(n: unknown, min: number, max: number): n is number {
  return Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= max;
}

function checkAction(action: ApprovalAction): void {
  if (!(APPROVAL_ACTIONS as readonly string[]).includes(action))
    refuse(`Not an action a rule can cover: ${String(action)} (${APPROVAL_ACTIONS.join(', ')})`);
}

/** The database checks all of this too; here it gets a message in the operator's words first. */
function checkRule(rule: ApprovalRuleInput): void {
  checkAction(rule.action);
  const threshold = rule.thresholdEur ?? null;
  if (threshold !== null && !EUR_AMOUNT_PATTERN.test(threshold)) refuse(`Not a EUR threshold: ${threshold} (up to 12 digits and 2 places)`);
  if (threshold !== null && !MONEY_ACTIONS.has(rule.action))
    refuse(`A ${rule.action.replaceAll('_', ' ')} has no amount: its rule cannot have a EUR threshold`);
  const hours = rule.newAccountHours ?? null;
  if (hours !== null && rule.action !== 'withdraw') refuse('Only a withdrawal rule can depend on when the bank account was added');
  if (hours !== null && !isIntIn(hours, NEW_ACCOUNT_HOURS_MIN, NEW_ACCOUNT_HOURS_MAX))
    refuse(`Not a number of hours from ${NEW_ACCOUNT_HOURS_MIN} to ${NEW_ACCOUNT_HOURS_MAX}: ${hours}`);
  if (!isIntIn(rule.approvalsNeeded, APPROVALS_NEEDED_MIN, APPROVALS_NEEDED_MAX))
    refuse(`A rule needs 1, 2 or 3 approvals, not ${rule.approvalsNeeded}`);
  if (rule.expirySeconds !== undefined && !isIntIn(rule.expirySeconds, EXPIRY_SECONDS_MIN, EXPIRY_SECONDS_MAX))
    refuse(`Not an expiry from 1 s to 30 days: ${rule.expirySeconds} s`);
  if (rule.position !== undefined && !isIntIn(rule.position, 0, 2 ** 31 - 1)) refuse(`Not a position: ${rule.position}`);
}

export function createTeamApprovalRules(sql: TeamSql): TeamApprovalRules {
  return {
    async listRules(environment) {
      const { rows } = await sql.query<ApprovalRuleRow>('SELECT * FROM desk.approval_rules WHERE environment = $1 ORDER BY position, id', [
        environment,
      ]);
      return rows.map(toApprovalRule);
    },

    async saveRule(environment, rule) {
      checkRule(rule);
      const values = [
        environment,
        rule.action,
        rule.thresholdEur ?? null,
        rule.newAccountHours ?? null,
        rule.approvalsNeeded,
        rule.expirySeconds ?? DEFAULT_EXPIRY_SECONDS,
        rule.enabled ?? true,
        rule.position ?? 0,
      ];
      if (rule.id === undefined) {
        const { rows } = await sql.query<ApprovalRuleRow>(
          `INSERT INTO desk.approval_rules (environment, action, threshold_eur, new_account_hours, approvals_needed, expiry_seconds, enabled, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          values,
        );
        return toApprovalRule(rows[0]!);
      }
      if (!isIntIn(rule.id, 1, Number.MAX_SAFE_INTEGER)) refuse(`Not a rule id: ${rule.id}`);
      const { rows } = await sql.query<ApprovalRuleRow>(
        `UPDATE desk.approval_rules SET action = $2, threshold_eur = $3, new_account_hours = $4, approvals_needed = $5,
                expiry_seconds = $6, enabled = $7, position = $8
          WHERE environment = $1 AND id = $9 RETURNING *`,
        [...values, rule.id],
      );
      if (!rows[0]) refuse(`There is no approval rule ${rule.id} in ${environment}`);
      return toApprovalRule(rows[0]);
    },

    async deleteRule(environment, id) {
      if (!isIntIn(id, 1, Number.MAX_SAFE_INTEGER)) return false;
      const result = await sql.query('DELETE FROM desk.approval_rules WHERE environment = $1 AND id = $2', [environment, id]);
      return result.rowCount === 1;
    },

    async matchRule(environment, action, eurValue, bankAccountAgeHours = null, order) {
      checkAction(action);
      if (order) {
        if (!MONEY_ACTIONS.has(action)) refuse(`Only an order is valued by the database, not ${action}`);
        if (!DECIMAL.test(order.amount)) refuse(`An order amount must be decimal text, got ${JSON.stringify(order.amount)}`);
        if (order.pair !== null && !PAIR_PATTERN.test(order.pair)) refuse(`Not a pair: ${JSON.stringify(order.pair)}`);
      }
      if (eurValue !== null && !DECIMAL.test(eurValue)) refuse(`A EUR value must be decimal text, got ${JSON.stringify(eurValue)}`);
      if (bankAccountAgeHours !== null && !(Number.isFinite(bankAccountAgeHours) && bankAccountAgeHours >= 0)) {
        refuse(`Not a bank account age in hours: ${bankAccountAgeHours}`);
      }
      const { rows } = order
        ? await sql.query<ApprovalRuleRow>('SELECT * FROM desk.match_order_rule($1, $2, $3, $4, $5)', [
            environment,
            action,
            order.pair,
            order.amount,
            bankAccountAgeHours,
          ])
        : await sql.query<ApprovalRuleRow>('SELECT * FROM desk.match_approval_rule($1, $2, $3, $4)', [
            environment,
            action,
            eurValue,
            bankAccountAgeHours,
          ]);
      return rows[0] ? toApprovalRule(rows[0]) : null;
    },
  };
}
