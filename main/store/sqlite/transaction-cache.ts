// Transactions from the list endpoints, per profile, for instant search, filter,
// sort and CSV export. Money arrives as JSON numbers and is stored as the exact
// decimal text of those numbers (via shared/money's dec), never as REAL.
import { decimalText } from '../../../shared/money';
import { FINAL_ORDER_STATES } from '../../../shared/order-states';
import { CSV_COLUMNS, apiDateMs, type StoredTransactionFields } from '../stored-transaction';
import type { UnsettledTransactions } from '../port';
import { inTransaction, type Db } from './connection';
import { toCsv, type CsvValue } from '../csv';
import { asRow, asRows, int, text, textOrNull, type Row } from './rows';
import { orderClause, whereClause, type TransactionFilter, type TransactionSort } from './transaction-filter';

export type { TransactionFilter, TransactionSort, TransactionSortColumn } from './transaction-filter';

type Num = number | string | null | undefined;

/** One transaction as the API lists it. */
export interface ApiTransaction {
  id: number;
  user_id: number;
  type: string;
  amount: Num;
  pair?: string | null;
  price?: Num;
  date: string;
  state: string;
  fee?: Num;
  subtotal?: Num;
  total?: Num;
}

/** The fields both stores keep (`date` as the API sent it), and when that was. */
export interface CachedTransaction extends StoredTransactionFields {
  /** `date` in epoch ms (0 if the API's date could not be read). */
  dateMs: number;
}

export interface TransactionPageOptions {
  sort?: TransactionSort;
  /** Default 100; -1 for all. */
  limit?: number;
  offset?: number;
}

export interface SyncState {
  /** The cache holds this scope's full history: an incremental refresh may stop at the first known page. */
  complete: boolean;
  syncedAtMs: number;
}

export type { UnsettledTransactions };

export interface TransactionCache {
  /** Inserts or refreshes rows (a state may change pending → success) and adds their users to the directory. */
  upsert(profileId: string, rows: readonly ApiTransaction[]): { added: number; updated: number };
  has(profileId: string, id: number): boolean;
  get(profileId: string, id: number): CachedTransaction | undefined;
  /** Which of `ids` are already cached. A page whose ids are all known ends an incremental refresh. */
  knownIds(profileId: string, ids: readonly number[]): Set<number>;
  query(profileId: string, filter?: TransactionFilter, options?: TransactionPageOptions): { rows: CachedTransaction[]; total: number };
  count(profileId: string, filter?: TransactionFilter): number;
  /** Rows whose state is not final (pending, or unknown), by the rule of shared/order-states. */
  unsettled(profileId: string): UnsettledTransactions;
  /** RFC 4180 CSV (CRLF, quoted where needed, formula-guarded) of every matching row. */
  exportCsv(profileId: string, filter?: TransactionFilter, sort?: TransactionSort): string;
  /** Scope: 'all' for the all-users list, `user:<id>` for one user's list. */
  syncState(profileId: string, scope: string): SyncState | undefined;
  setSyncState(profileId: string, scope: string, complete: boolean): void;
  /** Forgets every cached transaction and sync state of the profile. */
  clear(profileId: string): void;
}

function money(value: Num): string | null {
  return value === null || value === undefined || value === '' ? null : decimalText(value);
}

function toCached(row: Row): CachedTransaction {
  return {
    id: int(row, 'id'),
    userId: int(row, 'user_id'),
    type: text(row, 'type'),
    amount: textOrNull(row, 'amount'),
    pair: textOrNull(row, 'pair'),
    price: textOrNull(row, 'price'),
    date: text(row, 'date'),
    dateMs: int(row, 'date_ms'),
    state: text(row, 'state'),
    fee: textOrNull(row, 'fee'),
    subtotal: textOrNull(row, 'subtotal'),
    total: textOrNull(row, 'total'),
  };
}

function csvRow(t: CachedTransaction): CsvValue[] {
  return [t.id, t.userId, t.type, t.amount, t.pair, t.price, t.date, t.state, t.fee, t.subtotal, t.total];
}

export function createTransactionCache(
  db: Db,
  now: () => number,
  discoverUsers: (profileId: string, userIds: readonly number[]) => number,
): TransactionCache {
  const upsertStmt = db.prepare(`
    INSERT INTO transactions (profile_id, id, user_id, type, amount, pair, price, date, date_ms, state,
                              fee, subtotal, total, search_text, fetched_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (profile_id, id) DO UPDATE SET
      user_id = excluded.user_id, type = excluded.type, amount = excluded.amount, pair = excluded.pair,
      price = excluded.price, date = excluded.date, date_ms = excluded.date_ms, state = excluded.state,
      fee = excluded.fee, subtotal = excluded.subtotal, total = excluded.total,
      search_text = excluded.search_text, fetched_at = excluded.fetched_at`);
  const hasStmt = db.prepare('SELECT 1 AS x FROM transactions WHERE profile_id = ? AND id = ?');
  const getStmt = db.prepare('SELECT * FROM transactions WHERE profile_id = ? AND id = ?');
  const knownStmt = db.prepare('SELECT id FROM transactions WHERE profile_id = ? AND id IN (SELECT value FROM json_each(?))').raw();
  const finalIn = FINAL_ORDER_STATES.map(() => '?').join(', ');
  const unsettledStmt = db.prepare(
    `SELECT id, user_id FROM transactions WHERE profile_id = ? AND lower(trim(state)) NOT IN (${finalIn}) ORDER BY id DESC`,
  );
  const newerStmt = db.prepare('SELECT count(*) AS n FROM transactions WHERE profile_id = ? AND id > ?');
  const syncGet = db.prepare('SELECT complete, synced_at FROM sync_state WHERE profile_id = ? AND scope = ?');
  const syncSet = db.prepare(`
    INSERT INTO sync_state (profile_id, scope, complete, synced_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (profile_id, scope) DO UPDATE SET complete = excluded.complete, synced_at = excluded.synced_at`);

  function knownIds(profileId: string, ids: readonly number[]): Set<number> {
    if (ids.length === 0) return new Set();
    return new Set((knownStmt.all(profileId, JSON.stringify(ids)) as Array<[number]>).map((r) => r[0]));
  }

  function count(profileId: string, filter: TransactionFilter = {}): number {
    const where = whereClause(profileId, filter);
    const row = asRow(db.prepare(`SELECT count(*) AS n FROM transactions WHERE ${where.sql}`).get(...where.params));
    return int(row ?? {}, 'n');
  }

  function select(profileId: string, filter: TransactionFilter, options: TransactionPageOptions): CachedTransaction[] {
    const where = whereClause(profileId, filter);
    const rows = db
      .prepare(`SELECT * FROM transactions WHERE ${where.sql} ORDER BY ${orderClause(options.sort)} LIMIT ? OFFSET ?`)
      .all(...where.params, options.limit ?? 100, options.offset ?? 0);
    return asRows(rows).map(toCached);
  }

  return {
    upsert(profileId, rows) {
      const at = now();
      const prepared = rows.map((t) => {
        if (!Number.isSafeInteger(t.id) || !Number.isSafeInteger(t.user_id)) {
          throw new RangeError(`A transaction needs integer id and user_id (got ${t.id}, ${t.user_id})`);
        }
        const amount = money(t.amount);
        const price = money(t.price);
        const total = money(t.total);
        const pair = t.pair ?? null;
        const search = [t.id, t.user_id, t.type, pair, t.state, t.date, amount, price, total]
          .filter((v) => v !== null && v !== undefined)
          .join(' ')
          .toLowerCase();
        return [
          profileId,
          t.id,
          t.user_id,
          t.type,
          amount,
          pair,
          price,
          t.date,
          apiDateMs(t.date),
          t.state,
          money(t.fee),
          money(t.subtotal),
          total,
          search,
          at,
        ];
      });
      return inTransaction(db, () => {
        const known = knownIds(
          profileId,
          rows.map((t) => t.id),
        );
        for (const params of prepared) upsertStmt.run(...params);
        discoverUsers(
          profileId,
          rows.map((t) => t.user_id),
        );
        const added = new Set(rows.map((t) => t.id)).size - known.size;
        return { added, updated: known.size };
      });
    },

    has(profileId, id) {
      return asRow(hasStmt.get(profileId, id)) !== undefined;
    },

    get(profileId, id) {
      const row = asRow(getStmt.get(profileId, id));
      return row ? toCached(row) : undefined;
    },

    knownIds,

    query(profileId, filter = {}, options = {}) {
      return { rows: select(profileId, filter, options), total: count(profileId, filter) };
    },

    count,

    unsettled(profileId) {
      const rows = asRows(unsettledStmt.all(profileId, ...FINAL_ORDER_STATES)).map((r) => ({
        id: int(r, 'id'),
        userId: int(r, 'user_id'),
      }));
      const oldest = rows.at(-1);
      const newerThanOldest = oldest ? int(asRow(newerStmt.get(profileId, oldest.id)) ?? {}, 'n') : 0;
      return { rows, newerThanOldest };
    },

    exportCsv(profileId, filter = {}, sort) {
      return toCsv(CSV_COLUMNS, select(profileId, filter, { sort, limit: -1 }).map(csvRow));
    },

    syncState(profileId, scope) {
      const row = asRow(syncGet.get(profileId, scope));
      return row ? { complete: int(row, 'complete') === 1, syncedAtMs: int(row, 'synced_at') } : undefined;
    },

    setSyncState(profileId, scope, complete) {
      syncSet.run(profileId, scope, complete ? 1 : 0, now());
    },

    clear(profileId) {
      inTransaction(db, () => {
        db.prepare('DELETE FROM transactions WHERE profile_id = ?').run(profileId);
        db.prepare('DELETE FROM sync_state WHERE profile_id = ?').run(profileId);
      });
    },
  };
}
