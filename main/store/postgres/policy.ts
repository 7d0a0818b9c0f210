// Policy the whole team works under, per environment: the per-order limit and
// how far the rate may move between a proposal and its approval. Every desk role
// reads it; only desk_admin may change it (grants).
import { EUR_AMOUNT_PATTERN, PERCENT_PATTERN } from '../../../shared/policy-limits';
import type { TeamSql } from './connection';
import { TeamStoreError } from './errors';
import type { TeamPolicy } from './rows';

export interface TeamPolicyStore {
  /** Null until an admin has set one. */
  getPolicy(environment: string): Promise<TeamPolicy | null>;
  /** desk_admin only: anyone else gets a TeamStoreError of kind 'permission'. */
  setPolicy(environment: string, policy: { perOrderLimitEur: string | null }): Promise<TeamPolicy>;
  /** desk_admin only, like setPolicy. Percent as decimal text under 100, up to 2 places. */
  setRateMovePercent(environment: string, percent: string): Promise<TeamPolicy>;
}

export function createTeamPolicy(sql: TeamSql): TeamPolicyStore {
  async function getPolicy(environment: string): Promise<TeamPolicy | null> {
    const { rows } = await sql.query<{
      per_order_limit_eur: string | null;
      rate_move_percent: string;
      updated_by: string;
      updated_at: Date;
    }>('SELECT per_order_limit_eur, rate_move_percent::text, updated_by, updated_at FROM desk.policy WHERE environment = $1', [
      environment,
    ]);
    const r = rows[0];
    return r
      ? {
          environment,
          perOrderLimitEur: r.per_order_limit_eur,
          rateMovePercent: r.rate_move_percent,
          updatedBy: r.updated_by,
          updatedAtMs: r.updated_at.getTime(),
        }
      : null;
  }

  return {
    getPolicy,
    async setPolicy(environment, policy) {
      if (policy.perOrderLimitEur !== null && !EUR_AMOUNT_PATTERN.test(policy.perOrderLimitEur)) {
        throw new TeamStoreError('invalid', `Not a EUR limit: ${policy.perOrderLimitEur}`);
      }
      await sql.query(
        `INSERT INTO desk.policy (environment, per_order_limit_eur) VALUES ($1, $2)
         ON CONFLICT (environment) DO UPDATE SET per_order_limit_eur = excluded.per_order_limit_eur, updated_at = now()`,
        [environment, policy.perOrderLimitEur],
      );
      return (await getPolicy(environment))!;
    },
    async setRateMovePercent(environment, percent) {
      if (!PERCENT_PATTERN.test(percent)) throw new TeamStoreError('invalid', `Not a percent under 100 with at most 2 places: ${percent}`);
      // A new row keeps no per-order limit: the desks' own settings still apply for it.
      await sql.query(
        `INSERT INTO desk.policy (environment, rate_move_percent) VALUES ($1, $2)
         ON CONFLICT (environment) DO UPDATE SET rate_move_percent = excluded.rate_move_percent, updated_at = now()`,
        [environment, percent],
      );
      return (await getPolicy(environment))!;
    },
  };
}
