// The shared transaction cache: one sync, by any desk, serves every desk of the
// team. Money is stored as numeric from the exact decimal text of the API's
// numbers (shared/money), as the local cache stores it as text.
import type { TransactionView } from '../../../shared/desk-api';
import type { Transaction } from '../../../shared/kriptomat';
import { decimalText } from '../../../shared/money';
import { FINAL_ORDER_STATES } from '../../../shared/order-states';
import { toCsv, type CsvValue } from '../csv';
import { CSV_COLUMNS as TRANSACTION_CSV_COLUMNS, apiDateMs } from '../stored-transaction';
import type { TeamSql } from './connection';
import { discoverUsersWith } from './directory';
import { TeamStoreError } from './errors';
import { SqlParams, transactionOrder, transactionWhere, type TransactionFilter, type TransactionSort } from './filters';
import { toTransactionView, type TransactionRow } from './rows';
import type { UnsettledTransactions } from '../port';

export type { UnsettledTransactions };

export interface TeamTransactions {
  /** Inserts or refreshes (a state may move on), adds their users to the directory; returns how many ids were not cached before. */
  upsertTransactions(environment: string, rows: readonly Transaction[]): Promise<number>;
  /** Which of `ids` are already cached. */
  knownTransactionIds(environment: string, ids: readonly number[]): Promise<Set<number>>;
  queryTransactions(
    environment: string,
    filter: TransactionFilter,
    sort: TransactionSort | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: TransactionView[]; total: number }>;
  countTransactions(environment: string): Promise<number>;
  /** Cached rows whose state is not final (newest first), and how many cached rows are newer than the oldest of them. */
  unsettledTransactions(environment: string): Promise<UnsettledTransactions>;
  /** RFC 4180 CSV (the local store's columns and formula guard) of every matching row, with its row count. */
  exportTransactionsCsv(
    environment: string,
    filter: TransactionFilter,
    sort: TransactionSort | undefined,
  ): Promise<{ csv: string; rows: number }>;
  /** Whether one sync (by any desk) has read the whole list: only then may a sync stop at the first known page. */
  isHistoryComplete(environment: string): Promise<boolean>;
  markHistoryComplete(environment: string): Promise<void>;
}

/** The scope of the all-users transaction list in desk.sync_state (as in the local store). */
const ALL_USERS = 'all';

function money(value: string | number | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : decimalText(value);
}

export function createTeamTransactions(sql: TeamSql): TeamTransactions {
  return {
    async upsertTransactions(environment, rows) {
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
      const ids = column((t) => t.id);
      return sql.transaction(async (client) => {
        const known = await client.query('SELECT 1 FROM desk.transactions WHERE environment = $1 AND id = ANY($2::bigint[])', [
          environment,
          ids,
        ]);
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
        await discoverUsersWith(
          (text, values) => client.query(text, values),
          environment,
          column((t) => t.user_id),
        );
        return list.length - (known.rowCount ?? 0);
      });
    },

    async knownTransactionIds(environment, ids) {
      if (ids.length === 0) return new Set();
      const { rows } = await sql.query<{ id: number }>(
        'SELECT id FROM desk.transactions WHERE environment = $1 AND id = ANY($2::bigint[])',
        [environment, [...ids]],
      );
      return new Set(rows.map((r) => r.id));
    },

    async queryTransactions(environment, filter, sort, limit, offset) {
      const p = new SqlParams();
      const where = transactionWhere(p, environment, filter);
      const count = sql.query<{ n: number }>(`SELECT count(*) AS n FROM desk.transactions WHERE ${where}`, [...p.values]);
      const page = sql.query<TransactionRow>(
        `SELECT * FROM desk.transactions WHERE ${where} ORDER BY ${transactionOrder(sort)} LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
        p.values,
      );
      const [{ rows: counted }, { rows }] = await Promise.all([count, page]);
      return { rows: rows.map(toTransactionView), total: counted[0]!.n };
    },

    async countTransactions(environment) {
      return (await sql.query<{ n: number }>('SELECT count(*) AS n FROM desk.transactions WHERE environment = $1', [environment])).rows[0]!
        .n;
    },

    async unsettledTransactions(environment) {
      const { rows } = await sql.query<{ id: number; user_id: number }>(
        'SELECT id, user_id FROM desk.transactions WHERE environment = $1 AND lower(trim(state)) <> ALL($2::text[]) ORDER BY id DESC',
        [environment, FINAL_ORDER_STATES],
      );
      const oldest = rows.at(-1);
      const newerThanOldest = oldest
        ? (
            await sql.query<{ n: number }>('SELECT count(*) AS n FROM desk.transactions WHERE environment = $1 AND id > $2', [
              environment,
              oldest.id,
            ])
          ).rows[0]!.n
        : 0;
      return { rows: rows.map((r) => ({ id: r.id, userId: r.user_id })), newerThanOldest };
    },

    async exportTransactionsCsv(environment, filter, sort) {
      const p = new SqlParams();
      const { rows } = await sql.query<TransactionRow>(
        `SELECT * FROM desk.transactions WHERE ${transactionWhere(p, environment, filter)} ORDER BY ${transactionOrder(sort)}`,
        p.values,
      );
      const csvRows = rows.map((t): CsvValue[] => [
        t.id,
        t.user_id,
        t.type,
        t.amount,
        t.pair,
        t.price,
        t.date,
        t.state,
        t.fee,
        t.subtotal,
        t.total,
      ]);
      return { csv: toCsv(TRANSACTION_CSV_COLUMNS, csvRows), rows: rows.length };
    },

    async isHistoryComplete(environment) {
      const { rows } = await sql.query<{ complete: boolean }>(
        'SELECT complete FROM desk.sync_state WHERE environment = $1 AND scope = $2',
        [environment, ALL_USERS],
      );
      return rows[0]?.complete === true;
    },

    async markHistoryComplete(environment) {
      await sql.query(
        `INSERT INTO desk.sync_state (environment, scope, complete) VALUES ($1, $2, true)
         ON CONFLICT (environment, scope) DO UPDATE SET complete = true, synced_at = now()`,
        [environment, ALL_USERS],
      );
    },
  };
}
