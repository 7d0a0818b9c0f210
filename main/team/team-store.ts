// The team workspace's store: the desk's shared user directory, order journal,
// transaction cache, audit trail and policy on PostgreSQL. Method names and
// meanings follow DeskStorePort (main/services/store-port.ts), keyed by
// environment (environment.ts) instead of a local profile id, and asynchronous.
// Added for a team: claimForSending (leases, so one order is never sent by two
// desks at once), listen (live updates), operator (who the database says we
// are), verifyAudit and the team policy.
//
// Nothing here decides who did what: the database stamps session_user.
import type pg from 'pg';
import type { TransactionView, UserView } from '../../shared/desk-api';
import type { Transaction } from '../../shared/kriptomat';
import { decimalText } from '../../shared/money';
import { FINAL_ORDER_STATES } from '../../shared/order-states';
import { toCsv, type CsvValue } from '../store/csv';
import { redact } from '../store/redact';
import { CSV_COLUMNS as TRANSACTION_CSV_COLUMNS, apiDateMs } from '../store/transaction-cache';
import { verifyAuditChain, type AuditVerification } from './audit-chain';
import { createTeamPool, inTransaction, type TeamPoolOptions } from './connection';
import { environmentKey, normalBaseUrl } from './environment';
import { toAccepted, toFailed, toFinal, toNeedsReview, toRecordedState, type OrderTransition } from './journal-transitions';
import { SqlParams, auditWhere, transactionOrder, transactionWhere, type TeamAuditFilter, type TransactionFilter, type TransactionSort } from './team-filters';
import { listenForChanges, type ListenOptions, type TeamChange, type TeamSubscription } from './team-listener';
import { describeDbUrl, toTeamError, TeamStoreError } from './team-errors';
import {
  apiProfileOf,
  toAuditView,
  toTeamOrder,
  toTransactionView,
  toUserView,
  userSearchText,
  type AuditRow,
  type OrderRow,
  type TeamAuditEntryView,
  type TeamOrder,
  type TeamPolicy,
  type TransactionRow,
  type UserRow,
} from './team-rows';

export type { TeamAuditEntryView, TeamOrder, TeamPolicy } from './team-rows';
export type { TeamAuditFilter } from './team-filters';
export type { TeamChange, TeamSubscription } from './team-listener';

/** How long a desk may take to send an order before another desk may resend it. */
export const DEFAULT_SEND_LEASE_MS = 60_000;

/** The scope of the all-users transaction list in desk.sync_state (as in the local store). */
const ALL_USERS = 'all';
const MAX_SUMMARY = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^\d+(\.\d+)?$/;

/** A created user outranks an opened one, which outranks one only discovered: a source is never downgraded. */
const rank = (column: string): string => `CASE ${column} WHEN 'created' THEN 3 WHEN 'opened' THEN 2 ELSE 1 END`;

export interface TeamNewOrder {
  environment: string;
  userId: number;
  kind: 'buy' | 'sell' | 'withdraw';
  /** Required for buy and sell. */
  pair?: string | null;
  /** Decimal text as it will be sent. */
  amount: string;
  /** Required for withdraw. */
  bankAccountId?: number | null;
}

export interface TeamAuditRecord {
  environment: string | null;
  /** The OS account the desk runs as: informative; the operator is the database login. */
  osUser: string;
  action: string;
  summary: string;
  outcome: 'ok' | 'error';
  /** Structured context; secret-named keys are blanked before writing. */
  detail?: unknown;
}

export interface UnsettledTransactions {
  rows: Array<{ id: number; userId: number }>;
  newerThanOldest: number;
}

export const TEAM_AUDIT_CSV_COLUMNS = ['id', 'time', 'operator', 'os_user', 'environment', 'action', 'summary', 'outcome', 'detail', 'hash'];

function checkNewOrder(o: TeamNewOrder): void {
  const refuse = (message: string): never => {
    throw new TeamStoreError('invalid', message);
  };
  if (!o.environment) refuse('An order needs an environment');
  if (!Number.isSafeInteger(o.userId) || o.userId <= 0) refuse(`Not a user id: ${o.userId}`);
  if (!['buy', 'sell', 'withdraw'].includes(o.kind)) refuse(`Not an order kind: ${String(o.kind)}`);
  if (typeof o.amount !== 'string' || !DECIMAL.test(o.amount)) refuse(`An order amount must be decimal text, got ${JSON.stringify(o.amount)}`);
  if (o.kind === 'withdraw' && (!Number.isSafeInteger(o.bankAccountId) || (o.bankAccountId ?? 0) <= 0)) refuse('A withdraw needs a bank account id');
  if (o.kind !== 'withdraw' && !o.pair) refuse(`A ${o.kind} needs a pair`);
}

function checkLease(leaseMs: number): void {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0 || leaseMs > 24 * 3600_000) throw new RangeError(`Not a lease length: ${leaseMs} ms`);
}

function money(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : decimalText(value as string | number);
}

export class TeamStore {
  private readonly pool: pg.Pool;
  private readonly subscriptions = new Set<TeamSubscription>();
  /** Where we are connected, for messages: never the password. */
  readonly target: string;

  constructor(
    private readonly url: string,
    options: TeamPoolOptions = {},
  ) {
    this.pool = createTeamPool(url, options);
    this.target = describeDbUrl(url);
  }

  private async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values);
    } catch (error) {
      throw toTeamError(error, this.target);
    }
  }

  private transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, this.target, fn);
  }

  /** The database login this store acts as: what every row it writes records. */
  async operator(): Promise<string> {
    return (await this.query<{ who: string }>('SELECT session_user AS who')).rows[0]!.who;
  }

  /** Registers (once) the environment of a base URL and partner client id; returns its key. */
  async registerEnvironment(baseUrl: string, clientId: number): Promise<string> {
    const key = environmentKey(baseUrl, clientId);
    await this.query('INSERT INTO desk.environments (key, base_url, client_id) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [
      key,
      normalBaseUrl(baseUrl),
      clientId,
    ]);
    return key;
  }

  // ── user directory ──────────────────────────────────────────────────────

  async saveUser(environment: string, user: UserView, options: { source?: 'created' | 'opened' } = {}): Promise<void> {
    if (!Number.isSafeInteger(user.id) || user.id <= 0) throw new TeamStoreError('invalid', `Not a user id: ${user.id}`);
    await this.query(
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
  }

  /** Remembers ids seen in transactions without a fetched profile; returns how many were new. */
  async discoverUsers(environment: string, userIds: readonly number[]): Promise<number> {
    return this.discoverWith((sql, values) => this.query(sql, values), environment, userIds);
  }

  private async discoverWith(
    run: (sql: string, values: unknown[]) => Promise<pg.QueryResult>,
    environment: string,
    userIds: readonly number[],
  ): Promise<number> {
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

  async getUser(environment: string, userId: number): Promise<UserView | null> {
    const { rows } = await this.query<UserRow>('SELECT * FROM desk.users WHERE environment = $1 AND user_id = $2', [environment, userId]);
    return rows[0] ? toUserView(rows[0]) : null;
  }

  /** Case-insensitive substring of id, names, e-mail or phone; an exact id first; then the most recently seen. */
  async searchUsers(environment: string, query: string | undefined): Promise<UserView[]> {
    const needle = (query ?? '').trim().toLowerCase();
    if (needle === '') {
      const { rows } = await this.query<UserRow>('SELECT * FROM desk.users WHERE environment = $1 ORDER BY last_seen_at DESC, user_id DESC', [environment]);
      return rows.map(toUserView);
    }
    const exactId = /^#?\d{1,15}$/.test(needle) ? Number(needle.replace('#', '')) : -1;
    const { rows } = await this.query<UserRow>(
      `SELECT * FROM desk.users WHERE environment = $1 AND strpos(search_text, $2) > 0
       ORDER BY user_id = $3 DESC, last_seen_at DESC, user_id DESC`,
      [environment, needle.replace(/^#(?=\d+$)/, ''), exactId],
    );
    return rows.map(toUserView);
  }

  // ── order journal ───────────────────────────────────────────────────────

  /**
   * Writes the row in state `sending`, already claimed by this desk for `leaseMs`,
   * so no other desk sends it meanwhile. The id and idempotency key are the database's.
   */
  async beginOrder(order: TeamNewOrder, leaseMs = DEFAULT_SEND_LEASE_MS): Promise<TeamOrder> {
    checkNewOrder(order);
    checkLease(leaseMs);
    const { rows } = await this.query<OrderRow>(
      `INSERT INTO desk.orders (environment, user_id, kind, pair, amount, bank_account_id, state,
                                claimed_by, lease_expires_at, send_attempts)
       VALUES ($1, $2, $3, $4, $5, $6, 'sending', session_user, clock_timestamp() + $7 * interval '1 millisecond', 1)
       RETURNING *`,
      [order.environment, order.userId, order.kind, order.kind === 'withdraw' ? null : order.pair, order.amount, order.bankAccountId ?? null, leaseMs],
    );
    return toTeamOrder(rows[0]!);
  }

  /**
   * Claims the oldest row still `sending` whose lease is free or has expired,
   * for `leaseMs`; null when there is none. Rows another desk is claiming at
   * this very moment are skipped, not waited for, so two desks never get the
   * same row; the key stays the same, so a resend is exactly-once at the API.
   */
  async claimForSending(environment: string, leaseMs = DEFAULT_SEND_LEASE_MS): Promise<TeamOrder | null> {
    checkLease(leaseMs);
    const { rows } = await this.query<OrderRow>(
      `WITH next AS (
         SELECT id FROM desk.orders
          WHERE environment = $1 AND state = 'sending'
            AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
          ORDER BY created_at, seq
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
       UPDATE desk.orders o
          SET claimed_by = session_user,
              lease_expires_at = clock_timestamp() + $2 * interval '1 millisecond',
              send_attempts = o.send_attempts + 1
         FROM next WHERE o.id = next.id
       RETURNING o.*`,
      [environment, leaseMs],
    );
    return rows[0] ? toTeamOrder(rows[0]) : null;
  }

  /** Extends this desk's own lease on a row it is still sending; false when the lease is not ours any more. */
  async extendLease(idempotencyKey: string, leaseMs = DEFAULT_SEND_LEASE_MS): Promise<boolean> {
    checkLease(leaseMs);
    if (!UUID.test(idempotencyKey)) return false;
    const result = await this.query(
      `UPDATE desk.orders SET lease_expires_at = clock_timestamp() + $2 * interval '1 millisecond'
        WHERE idempotency_key = $1 AND state = 'sending' AND claimed_by = session_user`,
      [idempotencyKey, leaseMs],
    );
    return result.rowCount === 1;
  }

  /** Reads, checks and writes in one transaction with the row locked, so two desks cannot interleave. */
  private transition(key: string, next: OrderTransition): Promise<TeamOrder> {
    if (!UUID.test(key)) return Promise.reject(new TeamStoreError('invalid', `No journal row has idempotency key ${key}`));
    return this.transaction(async (client) => {
      const { rows } = await client.query<OrderRow>('SELECT * FROM desk.orders WHERE idempotency_key = $1 FOR UPDATE', [key]);
      const current = rows[0];
      if (!current) throw new TeamStoreError('invalid', `No journal row has idempotency key ${key}`);
      const order = toTeamOrder(current);
      const patch = next(order, key);
      if (!patch) return order;
      const updated = { ...order, ...patch };
      // A row that is no longer being sent holds no lease.
      const { rows: written } = await client.query<OrderRow>(
        `UPDATE desk.orders SET state = $2, transaction_id = $3, error = $4,
                claimed_by = CASE WHEN $2 = 'sending' THEN claimed_by END,
                lease_expires_at = CASE WHEN $2 = 'sending' THEN lease_expires_at END
          WHERE idempotency_key = $1 RETURNING *`,
        [key, updated.state, updated.transactionId, updated.error],
      );
      return toTeamOrder(written[0]!);
    });
  }

  async markOrderAccepted(idempotencyKey: string, transactionId: number): Promise<TeamOrder> {
    return this.transition(idempotencyKey, toAccepted(transactionId));
  }
  async markOrderNeedsReview(idempotencyKey: string, reason: string): Promise<TeamOrder> {
    return this.transition(idempotencyKey, toNeedsReview(reason));
  }
  async markOrderFinal(idempotencyKey: string, state: string): Promise<TeamOrder> {
    return this.transition(idempotencyKey, toFinal(state));
  }
  async recordOrderState(idempotencyKey: string, state: string): Promise<TeamOrder> {
    return this.transition(idempotencyKey, toRecordedState(state));
  }
  async markOrderFailed(idempotencyKey: string, reason: string): Promise<TeamOrder> {
    return this.transition(idempotencyKey, toFailed(reason));
  }

  async orderByKey(idempotencyKey: string): Promise<TeamOrder | null> {
    if (!UUID.test(idempotencyKey)) return null;
    const { rows } = await this.query<OrderRow>('SELECT * FROM desk.orders WHERE idempotency_key = $1', [idempotencyKey]);
    return rows[0] ? toTeamOrder(rows[0]) : null;
  }

  /** Rows still `sending`, oldest first (claimed or not: see claimForSending to take one). */
  async pendingSends(environment: string): Promise<TeamOrder[]> {
    const { rows } = await this.query<OrderRow>(
      "SELECT * FROM desk.orders WHERE environment = $1 AND state = 'sending' ORDER BY created_at, seq",
      [environment],
    );
    return rows.map(toTeamOrder);
  }

  /** Rows with a transaction that is not final yet (oldest first), by the rule of shared/order-states. */
  async awaitingSettlement(environment: string): Promise<TeamOrder[]> {
    const { rows } = await this.query<OrderRow>(
      `SELECT * FROM desk.orders WHERE environment = $1 AND transaction_id IS NOT NULL
          AND state NOT IN ('sending', 'needs_review') AND lower(trim(state)) <> ALL($2::text[])
        ORDER BY created_at, seq`,
      [environment, FINAL_ORDER_STATES],
    );
    return rows.map(toTeamOrder);
  }

  /** Newest first. */
  async recentOrders(environment: string, options: { userId?: number; states?: readonly string[]; limit?: number } = {}): Promise<TeamOrder[]> {
    const p = new SqlParams();
    const where = [`environment = ${p.add(environment)}`];
    if (options.userId !== undefined) where.push(`user_id = ${p.add(options.userId)}`);
    if (options.states && options.states.length > 0) where.push(`state = ANY(${p.add([...options.states])}::text[])`);
    const { rows } = await this.query<OrderRow>(
      `SELECT * FROM desk.orders WHERE ${where.join(' AND ')} ORDER BY created_at DESC, seq DESC LIMIT ${p.add(options.limit ?? 100)}`,
      p.values,
    );
    return rows.map(toTeamOrder);
  }

  // ── transaction cache ───────────────────────────────────────────────────

  /** Inserts or refreshes (a state may move on), adds their users to the directory; returns how many ids were not cached before. */
  async upsertTransactions(environment: string, rows: readonly Transaction[]): Promise<number> {
    if (rows.length === 0) return 0;
    // One row per id (the last wins): ON CONFLICT cannot touch a row twice in one statement.
    const byId = new Map<number, Transaction>();
    for (const t of rows) {
      if (!Number.isSafeInteger(t.id) || !Number.isSafeInteger(t.user_id)) {
        throw new TeamStoreError('invalid', `A transaction needs integer id and user_id (got ${t.id}, ${t.user_id})`);
      }
      byId.set(t.id, t);
    }
    const list = [...byId.values()];
    const column = <T>(pick: (t: Transaction) => T): T[] => list.map(pick);
    const amounts = column((t) => money(t.amount));
    const prices = column((t) => money(t.price));
    const totals = column((t) => money(t.total));
    const search = list.map((t, i) =>
      [t.id, t.user_id, t.type, t.pair, t.state, t.date, amounts[i], prices[i], totals[i]]
        .filter((v) => v !== null && v !== undefined)
        .join(' ')
        .toLowerCase(),
    );
    return this.transaction(async (client) => {
      const ids = list.map((t) => t.id);
      const known = await client.query('SELECT 1 FROM desk.transactions WHERE environment = $1 AND id = ANY($2::bigint[])', [environment, ids]);
      await client.query(
        `INSERT INTO desk.transactions AS t (environment, id, user_id, type, amount, pair, price, date, date_at, state,
                                             fee, subtotal, total, search_text)
         SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::numeric[], $6::text[], $7::numeric[],
                                  $8::text[], $9::timestamptz[], $10::text[], $11::numeric[], $12::numeric[],
                                  $13::numeric[], $14::text[])
         ON CONFLICT (environment, id) DO UPDATE SET
           user_id = excluded.user_id, type = excluded.type, amount = excluded.amount, pair = excluded.pair,
           price = excluded.price, date = excluded.date, date_at = excluded.date_at, state = excluded.state,
           fee = excluded.fee, subtotal = excluded.subtotal, total = excluded.total,
           search_text = excluded.search_text, fetched_at = now()
         -- An unchanged row is not rewritten: no churn, and no notification for nothing.
         WHERE (t.user_id, t.type, t.amount, t.pair, t.price, t.date, t.state, t.fee, t.subtotal, t.total)
               IS DISTINCT FROM (excluded.user_id, excluded.type, excluded.amount, excluded.pair, excluded.price,
                                 excluded.date, excluded.state, excluded.fee, excluded.subtotal, excluded.total)`,
        [
          environment,
          ids,
          column((t) => t.user_id),
          column((t) => t.type),
          amounts,
          column((t) => t.pair ?? null),
          prices,
          column((t) => t.date),
          column((t) => new Date(apiDateMs(t.date)).toISOString()),
          column((t) => t.state),
          column((t) => money(t.fee)),
          column((t) => money(t.subtotal)),
          totals,
          search,
        ],
      );
      await this.discoverWith((sql, values) => client.query(sql, values), environment, column((t) => t.user_id));
      return list.length - (known.rowCount ?? 0);
    });
  }

  async knownTransactionIds(environment: string, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.query<{ id: number }>('SELECT id FROM desk.transactions WHERE environment = $1 AND id = ANY($2::bigint[])', [
      environment,
      [...ids],
    ]);
    return new Set(rows.map((r) => r.id));
  }

  async queryTransactions(
    environment: string,
    filter: TransactionFilter,
    sort: TransactionSort | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: TransactionView[]; total: number }> {
    const p = new SqlParams();
    const where = transactionWhere(p, environment, filter);
    const count = this.query<{ n: number }>(`SELECT count(*) AS n FROM desk.transactions WHERE ${where}`, [...p.values]);
    const page = this.query<TransactionRow>(
      `SELECT * FROM desk.transactions WHERE ${where} ORDER BY ${transactionOrder(sort)} LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
    const [{ rows: counted }, { rows }] = await Promise.all([count, page]);
    return { rows: rows.map(toTransactionView), total: counted[0]!.n };
  }

  async countTransactions(environment: string): Promise<number> {
    return (await this.query<{ n: number }>('SELECT count(*) AS n FROM desk.transactions WHERE environment = $1', [environment])).rows[0]!.n;
  }

  /** Cached rows whose state is not final (newest first), and how many cached rows are newer than the oldest of them. */
  async unsettledTransactions(environment: string): Promise<UnsettledTransactions> {
    const { rows } = await this.query<{ id: number; user_id: number }>(
      'SELECT id, user_id FROM desk.transactions WHERE environment = $1 AND lower(trim(state)) <> ALL($2::text[]) ORDER BY id DESC',
      [environment, FINAL_ORDER_STATES],
    );
    const oldest = rows.at(-1);
    const newerThanOldest = oldest
      ? (await this.query<{ n: number }>('SELECT count(*) AS n FROM desk.transactions WHERE environment = $1 AND id > $2', [environment, oldest.id])).rows[0]!.n
      : 0;
    return { rows: rows.map((r) => ({ id: r.id, userId: r.user_id })), newerThanOldest };
  }

  /** RFC 4180 CSV (the local store's columns and formula guard) of every matching row, with its row count. */
  async exportTransactionsCsv(environment: string, filter: TransactionFilter, sort: TransactionSort | undefined): Promise<{ csv: string; rows: number }> {
    const p = new SqlParams();
    const { rows } = await this.query<TransactionRow>(
      `SELECT * FROM desk.transactions WHERE ${transactionWhere(p, environment, filter)} ORDER BY ${transactionOrder(sort)}`,
      p.values,
    );
    const csvRows = rows.map((t): CsvValue[] => [t.id, t.user_id, t.type, t.amount, t.pair, t.price, t.date, t.state, t.fee, t.subtotal, t.total]);
    return { csv: toCsv(TRANSACTION_CSV_COLUMNS, csvRows), rows: rows.length };
  }

  /** Whether one sync (by any desk) has read the whole list: only then may a sync stop at the first known page. */
  async isHistoryComplete(environment: string): Promise<boolean> {
    const { rows } = await this.query<{ complete: boolean }>('SELECT complete FROM desk.sync_state WHERE environment = $1 AND scope = $2', [
      environment,
      ALL_USERS,
    ]);
    return rows[0]?.complete === true;
  }

  async markHistoryComplete(environment: string): Promise<void> {
    await this.query(
      `INSERT INTO desk.sync_state (environment, scope, complete) VALUES ($1, $2, true)
       ON CONFLICT (environment, scope) DO UPDATE SET complete = true, synced_at = now()`,
      [environment, ALL_USERS],
    );
  }

  // ── audit trail ─────────────────────────────────────────────────────────

  /** Appends one entry to the chain; the database sets its id, time, operator and hashes. */
  async appendAudit(entry: TeamAuditRecord): Promise<TeamAuditEntryView> {
    if (!entry.action) throw new TeamStoreError('invalid', 'An audit entry needs an action');
    if (entry.outcome !== 'ok' && entry.outcome !== 'error') throw new TeamStoreError('invalid', `An audit outcome is ok or error, not ${String(entry.outcome)}`);
    const detail = entry.detail === undefined ? null : JSON.stringify(redact(entry.detail));
    const { rows } = await this.query<AuditRow>(
      `INSERT INTO desk.audit_log (environment, os_user, action, summary, outcome, detail)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [entry.environment, entry.osUser, entry.action, entry.summary.slice(0, MAX_SUMMARY), entry.outcome, detail],
    );
    return toAuditView(rows[0]!);
  }

  /** Newest first. */
  async queryAudit(filter: TeamAuditFilter, limit: number, offset: number): Promise<{ rows: TeamAuditEntryView[]; total: number }> {
    const p = new SqlParams();
    const where = auditWhere(p, filter);
    const count = this.query<{ n: number }>(`SELECT count(*) AS n FROM desk.audit_log ${where}`, [...p.values]);
    const page = this.query<AuditRow>(`SELECT * FROM desk.audit_log ${where} ORDER BY id DESC LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`, p.values);
    const [{ rows: counted }, { rows }] = await Promise.all([count, page]);
    return { rows: rows.map(toAuditView), total: counted[0]!.n };
  }

  /** RFC 4180 CSV of every matching entry, oldest first, with each entry's chain hash. */
  async exportAuditCsv(filter: TeamAuditFilter): Promise<{ csv: string; rows: number }> {
    const p = new SqlParams();
    const { rows } = await this.query<AuditRow>(`SELECT * FROM desk.audit_log ${auditWhere(p, filter)} ORDER BY id`, p.values);
    const csvRows = rows.map((r): CsvValue[] => [
      r.id,
      r.at.toISOString(),
      r.operator,
      r.os_user,
      r.environment,
      r.action,
      r.summary,
      r.outcome,
      r.detail,
      r.hash.toString('hex'),
    ]);
    return { csv: toCsv(TEAM_AUDIT_CSV_COLUMNS, csvRows), rows: rows.length };
  }

  /** Recomputes the whole chain (audit-chain.ts) in one snapshot. */
  async verifyAudit(): Promise<AuditVerification> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toTeamError(error, this.target);
    }
    try {
      return await verifyAuditChain(client);
    } catch (error) {
      throw toTeamError(error, this.target);
    } finally {
      client.release();
    }
  }

  // ── policy ──────────────────────────────────────────────────────────────

  async getPolicy(environment: string): Promise<TeamPolicy | null> {
    const { rows } = await this.query<{ per_order_limit_eur: string | null; updated_by: string; updated_at: Date }>(
      'SELECT per_order_limit_eur, updated_by, updated_at FROM desk.policy WHERE environment = $1',
      [environment],
    );
    const r = rows[0];
    return r ? { environment, perOrderLimitEur: r.per_order_limit_eur, updatedBy: r.updated_by, updatedAtMs: r.updated_at.getTime() } : null;
  }

  /** desk_admin only (the grants say so: anyone else gets a 'permission' error). */
  async setPolicy(environment: string, policy: { perOrderLimitEur: string | null }): Promise<TeamPolicy> {
    if (policy.perOrderLimitEur !== null && !/^\d{1,12}(\.\d{1,2})?$/.test(policy.perOrderLimitEur)) {
      throw new TeamStoreError('invalid', `Not a EUR limit: ${policy.perOrderLimitEur}`);
    }
    await this.query(
      `INSERT INTO desk.policy (environment, per_order_limit_eur) VALUES ($1, $2)
       ON CONFLICT (environment) DO UPDATE SET per_order_limit_eur = excluded.per_order_limit_eur, updated_at = now()`,
      [environment, policy.perOrderLimitEur],
    );
    return (await this.getPolicy(environment))!;
  }

  // ── live updates ────────────────────────────────────────────────────────

  /** What other desks (and this one) write, as it is committed. See team-listener.ts. Closed with the store. */
  async listen(onChange: (change: TeamChange) => void, options?: ListenOptions): Promise<TeamSubscription> {
    const subscription = await listenForChanges(this.url, onChange, options);
    this.subscriptions.add(subscription);
    return {
      get connected() {
        return subscription.connected;
      },
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    await this.pool.end();
  }
}

export function openTeamStore(url: string, options?: TeamPoolOptions): TeamStore {
  return new TeamStore(url, options);
}
