// Connections to the team database: one pool per desk, with int8 read as a
// JavaScript number (ids and counts; a value past 2^53 is an error, not a
// silently rounded id), and errors of idle connections caught (pg would
// otherwise raise them as an unhandled 'error' event and end the process).
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { describeDbUrl, isConnectionError, toTeamError, type TeamStoreError } from './errors';

/**
 * A team database given by its parts (Settings → Workspace): no URL, so no
 * password in a string that could end up in a log. `ssl: false` only for a
 * loopback host; see main/store/postgres/connection-config.ts.
 */
export interface TeamDbParams {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  ssl: false | ConnectionOptions;
}

/** A URL (`--team-db`, scripts and tests; the password may be in it) or the parts. */
export type TeamDb = string | TeamDbParams;

/** `user@host:port/database`: what a message may say about a team database. */
export function describeTeamDb(db: TeamDb): string {
  if (typeof db === 'string') return describeDbUrl(db);
  const host = db.host.includes(':') ? `[${db.host}]` : db.host;
  return `${db.user}@${host}:${db.port}/${db.database}`;
}

/**
 * `host:port/database`, the host in lower case: the name a desk keeps its witness of
 * this database's audit trail under (../audit-witness.ts). Not the login: the trail
 * is the database's, whoever reads it.
 */
export function teamTrailName(db: TeamDb): string {
  if (typeof db !== 'string') {
    const host = db.host.includes(':') ? `[${db.host.toLowerCase()}]` : db.host.toLowerCase();
    return `${host}:${db.port}/${db.database}`;
  }
  try {
    const u = new URL(db);
    return `${u.hostname.toLowerCase()}:${u.port || '5432'}/${decodeURIComponent(u.pathname.replace(/^\//, ''))}`;
  } catch {
    // Never the text itself: it may hold the password. Such a URL cannot connect either.
    return '(an unreadable database URL)';
  }
}

const INT8_OID = 20;

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`A bigint from the team database is past 2^53: ${text}`);
  return n;
}

/** pg's parsers, except int8 (bigint, count(*)) as a checked number. */
export const TEAM_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface TeamPoolOptions {
  /** Default 4: a desk does little at once, and a team shares max_connections. */
  max?: number;
  /** Default 5 s: after that the database counts as unreachable. */
  connectTimeoutMs?: number;
  /**
   * Default 30 s: a statement with no answer by then fails as the database being
   * away, and its connection is discarded. A network that drops packets without a
   * word (a VPN gone, a NAT that forgot the connection) would otherwise keep an
   * order waiting for TCP to give up, which takes about a quarter of an hour.
   */
  queryTimeoutMs?: number;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/**
 * How long any statement of a desk waits for a lock another session holds (PostgreSQL's
 * `lock_timeout`, set for the whole session at connect, so it holds for every statement and
 * inside the database's own functions and triggers too: the audit trail's chain-head row lock
 * above all, which every audited write takes). Without it one login's transaction left open
 * after an audited write (a psql session, a stuck desk) stalls every desk's audited writes for
 * as long as it stays open. Desks hold that lock for milliseconds, so 3 s is far past a busy
 * moment of the team and well inside the 30 s query_timeout; past it the statement is refused
 * whole and the desk says the database is busy (TeamDbBusyError), with nothing written.
 *
 * No server-side `statement_timeout` beside it: a statement that waits for no lock and still
 * runs 30 s is a network or a server in trouble, which query_timeout already ends. One below
 * query_timeout would only cut short the few long reads (verifying a long audit trail) sooner,
 * and one at or above it would never fire first.
 */
export const DESK_LOCK_TIMEOUT_MS = 3_000;

export function teamClientConfig(db: TeamDb, connectTimeoutMs = 5000): pg.ClientConfig {
  const where: pg.ClientConfig =
    typeof db === 'string'
      ? { connectionString: db }
      : { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password, ssl: db.ssl };
  return { ...where, types: TEAM_TYPES, connectionTimeoutMillis: connectTimeoutMs, application_name: 'kriptomat-desk', keepAlive: true };
}

export function createTeamPool(db: TeamDb, options: TeamPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    ...teamClientConfig(db, options.connectTimeoutMs),
    query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    // Sent in the startup packet: no extra round trip, and no statement runs before it holds.
    lock_timeout: DESK_LOCK_TIMEOUT_MS,
    max: options.max ?? 4,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that dies (server restart) is dropped by the pool; the
  // next query reconnects or reports the database as unavailable.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` in one transaction on one pooled connection; a broken connection is discarded, not reused. */
export async function inTransaction<T>(pool: pg.Pool, target: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toTeamError(error, target);
  }
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (isConnectionError(error)) broken = error;
    else await client.query('ROLLBACK').catch((rollbackError: unknown) => void (broken = rollbackError));
    throw toTeamError(error, target);
  } finally {
    client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
  }
}

/** What each part of the team store queries through: errors already mapped to TeamStoreError. */
export interface TeamSql {
  /** Where we are connected, for messages: `user@host:port/database`, never the password. */
  readonly target: string;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** One transaction on one connection. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** One connection for statements that manage their own transaction (audit verification). */
  withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /**
   * Told whenever the pool's reach changes: an error when a statement could not get
   * to the database (away, or the login refused), null when one got through again.
   * Only the change is told: a statement that succeeds costs one comparison.
   */
  onReach(listener: (failure: TeamStoreError | null) => void): () => void;
  end(): Promise<void>;
}

/** A failure of reaching the database, not of one statement: the kinds the workspace status reports. */
function isReachFailure(error: TeamStoreError): boolean {
  return error.kind === 'unavailable' || error.kind === 'unconfirmed' || error.kind === 'auth';
}

export function createTeamSql(db: TeamDb, options: TeamPoolOptions = {}): TeamSql {
  let pool = createTeamPool(db, options);
  /** Bumped when the pool is replaced: an answer on the old one says nothing about the login now. */
  let generation = 0;
  /** Pools being closed after a renewal; end() waits for them too. */
  const retiring = new Set<Promise<void>>();
  const target = describeTeamDb(db);
  const listeners = new Set<(failure: TeamStoreError | null) => void>();
  let failing = false;
  const reached = (failure: TeamStoreError | null): void => {
    if (failure === null && !failing) return;
    failing = failure !== null;
    for (const listener of listeners) listener(failure);
  };
  /**
   * The login was refused on a new connection while older ones of the pool still
   * work (PostgreSQL keeps a session whose password changed or whose login was
   * disabled): the desk would work on some connections and be refused on others,
   * and say "connected" and "refused" in turn. A new pool makes every later
   * statement meet the login as it is now; the old one closes as its statements finish.
   */
  const renewPool = (): void => {
    const old = pool;
    pool = createTeamPool(db, options);
    generation += 1;
    const closing: Promise<void> = old
      .end()
      .catch(() => undefined)
      .finally(() => retiring.delete(closing));
    retiring.add(closing);
  };
  /** Runs one use of the pool, telling the listeners when its reach changes. */
  const tracked = async <T>(run: (pool: pg.Pool) => Promise<T>): Promise<T> => {
    const mine = generation;
    const used = pool;
    try {
      const result = await run(used);
      if (failing && mine === generation) reached(null);
      return result;
    } catch (error) {
      const mapped = toTeamError(error, target);
      if (isReachFailure(mapped)) {
        if (mapped.kind === 'auth' && mine === generation && used.totalCount > 0) renewPool();
        reached(mapped);
      } else if (mine === generation) {
        // A statement the database refused (a rule, a conflict) still reached it.
        reached(null);
      }
      throw mapped;
    }
  };
  return {
    target,
    query: <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => tracked((p) => p.query<R>(sql, values)),
    transaction: (fn) => tracked((p) => inTransaction(p, target, fn)),
    withClient: (fn) =>
      tracked(async (p) => {
        const client = await p.connect();
        let broken: Error | undefined;
        try {
          return await fn(client);
        } catch (error) {
          if (isConnectionError(error)) broken = error instanceof Error ? error : new Error(String(error));
          throw error;
        } finally {
          client.release(broken);
        }
      }),
    onReach(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    end: async () => {
      await Promise.all([pool.end(), ...retiring]);
    },
  };
}
