// The API cannot list users, so the desk remembers every user it created, opened
// or saw in the all-users transaction list — per environment profile — with the
// profile and KYC status as last fetched and when.
import { inTransaction, type Db } from './connection';
import { asRow, asRows, int, intOrNull, text, textOrNull, type Row } from './rows';

export type UserSource = 'created' | 'opened' | 'discovered';

/** The API's user object (GET users/{id}); unknown extra fields are kept in the cached JSON. */
export interface ApiUserProfile {
  email?: string | null;
  name?: string | null;
  surname?: string | null;
  phone?: string | null;
  status?: string | null;
  kyc_status?: string | null;
  [field: string]: unknown;
}

export interface DirectoryUser {
  profileId: string;
  userId: number;
  source: UserSource;
  email: string | null;
  name: string | null;
  surname: string | null;
  phone: string | null;
  status: string | null;
  kycStatus: string | null;
  /** The last fetched profile, or null for a user only known by id. */
  profile: ApiUserProfile | null;
  fetchedAtMs: number | null;
  firstSeenAtMs: number;
  lastSeenAtMs: number;
}

export type UserOrder = 'recent' | 'name' | 'email' | 'id' | 'kyc';

export interface UserListOptions {
  /** Default 'recent' (last created/opened/fetched first). */
  orderBy?: UserOrder;
  /** Default 'desc' for 'recent', else 'asc'. */
  direction?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface UserDirectory {
  /** Notes that the desk created or opened the user now; inserts an id-only row if new. */
  remember(profileId: string, userId: number, source: 'created' | 'opened'): DirectoryUser;
  /** Caches a fetched profile (and its kyc_status/status) for the user. */
  saveProfile(
    profileId: string,
    userId: number,
    profile: ApiUserProfile,
    options?: { source?: UserSource; fetchedAtMs?: number },
  ): DirectoryUser;
  /** Remembers ids seen in transactions; returns how many were new. */
  discover(profileId: string, userIds: readonly number[]): number;
  get(profileId: string, userId: number): DirectoryUser | undefined;
  /** Case-insensitive substring of id, name, surname, "name surname", e-mail or phone; an exact id first. */
  search(profileId: string, query: string, options?: UserListOptions): DirectoryUser[];
  list(profileId: string, options?: UserListOptions): DirectoryUser[];
  count(profileId: string): number;
}

/** A stronger source is never downgraded: created beats opened beats discovered. */
const SOURCE_RANK = "CASE source WHEN 'created' THEN 3 WHEN 'opened' THEN 2 ELSE 1 END";
const EXCLUDED_RANK = "CASE excluded.source WHEN 'created' THEN 3 WHEN 'opened' THEN 2 ELSE 1 END";

const ORDER_SQL: Record<UserOrder, string> = {
  recent: 'last_seen_at',
  name: 'lower(name) %DIR NULLS LAST, lower(surname)',
  email: 'lower(email)',
  id: 'user_id',
  kyc: 'kyc_status',
};

function searchText(userId: number, p: ApiUserProfile | null): string {
  if (!p) return String(userId);
  const parts = [String(userId), p.name, p.surname, `${p.name ?? ''} ${p.surname ?? ''}`.trim(), p.email, p.phone];
  return parts
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .join('\n')
    .toLowerCase();
}

function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
}

function toUser(row: Row): DirectoryUser {
  const json = textOrNull(row, 'profile_json');
  return {
    profileId: text(row, 'profile_id'),
    userId: int(row, 'user_id'),
    source: text(row, 'source') as UserSource,
    email: textOrNull(row, 'email'),
    name: textOrNull(row, 'name'),
    surname: textOrNull(row, 'surname'),
    phone: textOrNull(row, 'phone'),
    status: textOrNull(row, 'status'),
    kycStatus: textOrNull(row, 'kyc_status'),
    profile: json === null ? null : (JSON.parse(json) as ApiUserProfile),
    fetchedAtMs: intOrNull(row, 'fetched_at'),
    firstSeenAtMs: int(row, 'first_seen_at'),
    lastSeenAtMs: int(row, 'last_seen_at'),
  };
}

function orderClause(options: UserListOptions | undefined): string {
  const orderBy = options?.orderBy ?? 'recent';
  const dir = (options?.direction ?? (orderBy === 'recent' ? 'desc' : 'asc')) === 'desc' ? 'DESC' : 'ASC';
  const expr = ORDER_SQL[orderBy];
  if (!expr) throw new RangeError(`Unknown user order: ${String(orderBy)}`);
  const main = expr.includes('%DIR') ? `${expr.replace('%DIR', dir)} ${dir}` : `${expr} ${dir} NULLS LAST`;
  return `${main}, user_id ${dir}`;
}

function checkUserId(userId: number): void {
  if (!Number.isSafeInteger(userId) || userId <= 0) throw new RangeError(`Not a user id: ${userId}`);
}

export function createUserDirectory(db: Db, now: () => number): UserDirectory {
  const selectOne = db.prepare('SELECT * FROM users WHERE profile_id = ? AND user_id = ?');
  const touch = db.prepare(`
    INSERT INTO users (profile_id, user_id, source, search_text, first_seen_at, last_seen_at)
    VALUES (@profileId, @userId, @source, @searchText, @now, @now)
    ON CONFLICT (profile_id, user_id) DO UPDATE SET
      last_seen_at = excluded.last_seen_at,
      source = CASE WHEN ${EXCLUDED_RANK} > ${SOURCE_RANK} THEN excluded.source ELSE source END`);
  const upsertProfile = db.prepare(`
    INSERT INTO users (profile_id, user_id, source, email, name, surname, phone, status, kyc_status,
                       profile_json, search_text, fetched_at, first_seen_at, last_seen_at)
    VALUES (@profileId, @userId, @source, @email, @name, @surname, @phone, @status, @kycStatus,
            @json, @searchText, @fetchedAt, @now, @now)
    ON CONFLICT (profile_id, user_id) DO UPDATE SET
      email = excluded.email, name = excluded.name, surname = excluded.surname, phone = excluded.phone,
      status = excluded.status, kyc_status = excluded.kyc_status, profile_json = excluded.profile_json,
      search_text = excluded.search_text, fetched_at = excluded.fetched_at, last_seen_at = excluded.last_seen_at,
      source = CASE WHEN ${EXCLUDED_RANK} > ${SOURCE_RANK} THEN excluded.source ELSE source END`);
  const discoverOne = db.prepare(`
    INSERT INTO users (profile_id, user_id, source, search_text, first_seen_at, last_seen_at)
    VALUES (?, ?, 'discovered', ?, ?, ?) ON CONFLICT DO NOTHING`);
  const countStmt = db.prepare('SELECT count(*) AS n FROM users WHERE profile_id = ?');

  function get(profileId: string, userId: number): DirectoryUser | undefined {
    const row = asRow(selectOne.get(profileId, userId));
    return row ? toUser(row) : undefined;
  }

  function mustGet(profileId: string, userId: number): DirectoryUser {
    const user = get(profileId, userId);
    if (!user) throw new Error(`User ${userId} vanished from the directory of ${profileId}`);
    return user;
  }

  function page(options: UserListOptions | undefined): [number, number] {
    return [options?.limit ?? -1, options?.offset ?? 0];
  }

  return {
    remember(profileId, userId, source) {
      checkUserId(userId);
      touch.run({ profileId, userId, source, searchText: String(userId), now: now() });
      return mustGet(profileId, userId);
    },

    saveProfile(profileId, userId, profile, options) {
      checkUserId(userId);
      const at = now();
      upsertProfile.run({
        profileId,
        userId,
        source: options?.source ?? 'opened',
        email: strOrNull(profile.email),
        name: strOrNull(profile.name),
        surname: strOrNull(profile.surname),
        phone: strOrNull(profile.phone),
        status: strOrNull(profile.status),
        kycStatus: strOrNull(profile.kyc_status),
        json: JSON.stringify(profile),
        searchText: searchText(userId, profile),
        fetchedAt: options?.fetchedAtMs ?? at,
        now: at,
      });
      return mustGet(profileId, userId);
    },

    discover(profileId, userIds) {
      const at = now();
      const unique = [...new Set(userIds)];
      unique.forEach(checkUserId);
      return inTransaction(db, () => {
        let added = 0;
        for (const id of unique) added += discoverOne.run(profileId, id, String(id), at, at).changes;
        return added;
      });
    },

    get,

    search(profileId, query, options) {
      const needle = query.trim().toLowerCase();
      if (needle === '') return this.list(profileId, options);
      const exactId = /^#?\d+$/.test(needle) ? Number(needle.replace('#', '')) : -1;
      const rows = db
        .prepare(
          `SELECT * FROM users WHERE profile_id = ? AND instr(search_text, ?) > 0
           ORDER BY user_id = ? DESC, ${orderClause(options)} LIMIT ? OFFSET ?`,
        )
        .all(profileId, needle.replace(/^#(?=\d+$)/, ''), exactId, ...page(options));
      return asRows(rows).map(toUser);
    },

    list(profileId, options) {
      const rows = db
        .prepare(`SELECT * FROM users WHERE profile_id = ? ORDER BY ${orderClause(options)} LIMIT ? OFFSET ?`)
        .all(profileId, ...page(options));
      return asRows(rows).map(toUser);
    },

    count(profileId) {
      return int(asRow(countStmt.get(profileId)) ?? {}, 'n');
    },
  };
}
