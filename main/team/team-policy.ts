// Policy the whole team works under, per environment: for now the per-order
// limit. Every desk role reads it; only desk_admin may change it (grants).
import type { TeamSql } from './connection';
import { TeamStoreError } from './team-errors';
import type { TeamPolicy } from './team-rows';

export interface TeamPolicyStore {
  /** Null until an admin has set one. */
  getPolicy(environment: string): Promise<TeamPolicy | null>;
  /** desk_admin only: anyone else gets a TeamStoreError of kind 'permission'. */
  setPolicy(environment: string, policy: { perOrderLimitEur: string | null }): Promise<TeamPolicy>;
}

/** As the settings' per-order limit: up to 12 digits and 2 places. */
const EUR_LIMIT = /^\d{1,12}(\.\d{1,2})?$/;

export function createTeamPolicy(sql: TeamSql): TeamPolicyStore {
  async function getPolicy(environment: string): Promise<TeamPolicy | null> {
    const { rows } = await sql.query<{ per_order_limit_eur: string | null; updated_by: string; updated_at: Date }>(
      'SELECT per_order_limit_eur, updated_by, updated_at FROM desk.policy WHERE environment = $1',
      [environment],
    );
    const r = rows[0];
    return r ? { environment, perOrderLimitEur: r.per_order_limit_eur, updatedBy: r.updated_by, updatedAtMs: r.updated_at.getTime() } : null;
  }

  return {
    getPolicy,
    async setPolicy(environment, policy) {
      if (policy.perOrderLimitEur !== null && !EUR_LIMIT.test(policy.perOrderLimitEur)) {
        throw new TeamStoreError('invalid', `Not a EUR limit: ${policy.perOrderLimitEur}`);
      }
      await sql.query(
        `INSERT INTO desk.policy (environment, per_order_limit_eur) VALUES ($1, $2)
         ON CONFLICT (environment) DO UPDATE SET per_order_limit_eur = excluded.per_order_limit_eur, updated_at = now()`,
        [environment, policy.perOrderLimitEur],
      );
      return (await getPolicy(environment))!;
    },
  };
}
