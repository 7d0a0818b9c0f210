// When the team first knew a user's bank account (desk.bank_accounts_seen,
// migration 4): the "bank account added less than N hours ago" approval rule
// counts from the first desk that saw it, in the database's clock.
import type { TeamSql } from './connection';
import { TeamStoreError } from './errors';

export interface TeamBankAccounts {
  /**
   * Notes ids the team has not seen before as first seen now ('added' by a desk,
   * or 'listed'); returns when each was first seen (ms, the database's clock) and
   * how many hours ago that is.
   */
  noteBankAccounts(
    environment: string,
    userId: number,
    bankAccountIds: readonly number[],
    source: 'added' | 'listed',
  ): Promise<Map<number, { firstSeenAtMs: number; ageHours: number }>>;
}

const isId = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;

export function createTeamBankAccounts(sql: TeamSql): TeamBankAccounts {
  return {
    async noteBankAccounts(environment, userId, bankAccountIds, source) {
      if (!isId(userId) || !bankAccountIds.every(isId))
        throw new TeamStoreError('invalid', `Not a user and bank account ids: ${userId}, ${bankAccountIds.join(', ')}`);
      if (source !== 'added' && source !== 'listed') throw new TeamStoreError('invalid', `Not a source: ${String(source)}`);
      const seen = new Map<number, { firstSeenAtMs: number; ageHours: number }>();
      if (bankAccountIds.length === 0) return seen;
      // One statement: the insert of the unseen ones and the read of all of them.
      const { rows } = await sql.query<{ id: number; at: Date; age_hours: number }>(
        `WITH noted AS (
           INSERT INTO desk.bank_accounts_seen (environment, user_id, bank_account_id, source)
           SELECT $1, $2, id, $4 FROM unnest($3::bigint[]) AS id
           ON CONFLICT DO NOTHING
           RETURNING bank_account_id AS id, first_seen_at AS at)
         SELECT id, at, (extract(epoch FROM clock_timestamp() - at) / 3600)::float8 AS age_hours FROM noted
         UNION ALL
         SELECT bank_account_id, first_seen_at, (extract(epoch FROM clock_timestamp() - first_seen_at) / 3600)::float8
           FROM desk.bank_accounts_seen WHERE environment = $1 AND user_id = $2 AND bank_account_id = ANY($3::bigint[])`,
        [environment, userId, [...new Set(bankAccountIds)], source],
      );
      for (const r of rows) seen.set(Number(r.id), { firstSeenAtMs: r.at.getTime(), ageHours: Math.max(0, r.age_hours) });
      return seen;
    },
  };
}
