// The shared user directory: every user any desk of the team created, opened or
// saw in the transaction history, per environment (the API cannot list users).
import type pg from 'pg';
import type { UserView } from '../../../shared/desk-api';
import type { TeamSql } from './connection';
import { TeamStoreError } from './errors';
import { apiProfileOf, toUserView, userSearchText, type UserRow } from './rows';

export interface TeamDirectory {
  /** Caches a fetched profile; `source` (default opened) is never downgraded: created > opened > discovered. */
  saveUser(environment: string, user: UserView, options?: { source?: 'created' | 'opened' }): Promise<void>;
  /** Remembers ids seen in transactions without a fetched profile; returns how many were new. */
  discoverUsers(environment: string, userIds: readonly number[]): Promise<number>;
  getUser(environment: string, userId: number): Promise<UserView | null>;
  /** Case-insensitive substring of id, names, e-mail or phone; an exact id first; then the most recently seen. */
  searchUsers(environment: string, query: string | undefined): Promise<UserView[]>;
}

const rank = (column: string): string => `CASE ${column} WHEN 'created' THEN 3 WHEN 'opened' THEN 2 ELSE 1 END`;

type Run = (sql: string, values: unknown[]) => Promise<pg.QueryResult>;

/** Inserts id-only rows for unknown users; also used inside the transaction cache's upsert. */
export async function discoverUsersWith(run: Run, environment: string, userIds: readonly number[]): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return 0;
  if (!ids.every((id) => Number.isSafeInteger(id) && id > 0)) throw new TeamStoreError('invalid', 'A user id must be a positive integer');
  const result = await run(
    `INSERT INTO desk.users (environment, user_id, source, search_text)
     SELECT $1, id, 'discovered', id::text FROM unnest($2::bigint[]) AS id
     ON CONFLICT DO NOTHING`,
    [environment, ids],
  );
  return result.rowCount ?? 0;
}

export function createTeamDirectory(sql: TeamSql): TeamDirectory {
  return {
    async saveUser(environment, user, options = {}) {
      if (!Number.isSafeInteger(user.id) || user.id <= 0) throw new TeamStoreError('invalid', `Not a user id: ${user.id}`);
      await sql.query(
        `INSERT INTO desk.users AS u (environment, user_id, source, email, name, surname, phone, status, kyc_status,
                                       profile, search_text, fetched_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($12, now()), now())
         ON CONFLICT (environment, user_id) DO UPDATE SET
           email = excluded.email, name = excluded.name, surname = excluded.surname, phone = excluded.phone,
           status = excluded.status, kyc_status = excluded.kyc_status, profile = excluded.profile,
           search_text = excluded.search_text, fetched_at = excluded.fetched_at, last_seen_at = excluded.last_seen_at,
           source = CASE WHEN ${rank('excluded.source')} > ${rank('u.source')} THEN excluded.source ELSE u.source END`,
        [
          environment,
          user.id,
          options.source ?? 'opened',
          user.email,
          user.name,
          user.surname,
          user.phone,
          user.status,
          user.kycStatus,
          JSON.stringify(apiProfileOf(user)),
          userSearchText(user.id, user),
          user.fetchedAtMs === null ? null : new Date(user.fetchedAtMs).toISOString(),
        ],
      );
    },

    discoverUsers: (environment, userIds) => discoverUsersWith((text, values) => sql.query(text, values), environment, userIds),

    async getUser(environment, userId) {
      const { rows } = await sql.query<UserRow>('SELECT * FROM desk.users WHERE environment = $1 AND user_id = $2', [environment, userId]);
      return rows[0] ? toUserView(rows[0]) : null;
    },

    async searchUsers(environment, query) {
      const needle = (query ?? '').trim().toLowerCase();
      if (needle === '') {
        const { rows } = await sql.query<UserRow>(
          'SELECT * FROM desk.users WHERE environment = $1 ORDER BY last_seen_at DESC, user_id DESC',
          [environment],
        );
        return rows.map(toUserView);
      }
      const exactId = /^#?\d{1,15}$/.test(needle) ? Number(needle.replace('#', '')) : -1;
      const { rows } = await sql.query<UserRow>(
        `SELECT * FROM desk.users WHERE environment = $1 AND strpos(search_text, $2) > 0
         ORDER BY user_id = $3 DESC, last_seen_at DESC, user_id DESC`,
        [environment, needle.replace(/^#(?=\d+$)/, ''), exactId],
      );
      return rows.map(toUserView);
    },
  };
}
