// Transaction cache filters and sorts turned into SQL. Only fixed column
// expressions are ever spliced into the text; every value is a bound parameter.

export interface TransactionFilter {
  userId?: number;
  type?: string | readonly string[];
  pair?: string | readonly string[];
  state?: string | readonly string[];
  /** Inclusive bounds on the transaction's date, epoch ms (the API's zone-less date is UTC). */
  fromMs?: number;
  toMs?: number;
  /** Case-insensitive substring of id, user id, type, pair, state, date, amount, price or total. */
  text?: string;
}

export type TransactionSortColumn =
  'id' | 'userId' | 'type' | 'amount' | 'pair' | 'price' | 'date' | 'state' | 'fee' | 'subtotal' | 'total';

export interface TransactionSort {
  column: TransactionSortColumn;
  direction: 'asc' | 'desc';
}

/** Amounts are text; they sort by value (REAL is fine for ordering, never for arithmetic). */
const SORT_SQL: Record<TransactionSortColumn, string> = {
  id: 'id',
  userId: 'user_id',
  type: 'type',
  pair: 'pair',
  state: 'state',
  date: 'date_ms',
  amount: 'CAST(amount AS REAL)',
  price: 'CAST(price AS REAL)',
  fee: 'CAST(fee AS REAL)',
  subtotal: 'CAST(subtotal AS REAL)',
  total: 'CAST(total AS REAL)',
};

export const DEFAULT_SORT: TransactionSort = { column: 'date', direction: 'desc' };

export interface SqlWhere {
  sql: string;
  params: unknown[];
}

function oneOrMany(column: string, value: string | readonly string[], where: string[], params: unknown[]): void {
  const values = typeof value === 'string' ? [value] : [...value];
  if (values.length === 1) {
    where.push(`${column} = ?`);
  } else {
    where.push(values.length === 0 ? '0' : `${column} IN (${values.map(() => '?').join(', ')})`);
  }
  params.push(...values);
}

export function whereClause(profileId: string, filter: TransactionFilter): SqlWhere {
  const where = ['profile_id = ?'];
  const params: unknown[] = [profileId];
  if (filter.userId !== undefined) {
    where.push('user_id = ?');
    params.push(filter.userId);
  }
  if (filter.type !== undefined) oneOrMany('type', filter.type, where, params);
  if (filter.pair !== undefined) oneOrMany('pair', filter.pair, where, params);
  if (filter.state !== undefined) oneOrMany('state', filter.state, where, params);
  if (filter.fromMs !== undefined) {
    where.push('date_ms >= ?');
    params.push(filter.fromMs);
  }
  if (filter.toMs !== undefined) {
    where.push('date_ms <= ?');
    params.push(filter.toMs);
  }
  const needle = filter.text?.trim().toLowerCase();
  if (needle) {
    // Matches are found by scanning the narrow covering text index; only they
    // are then read in full. Left alone, SQLite walks the date index and reads
    // every row by key to test it — several times slower on 100k rows.
    where.push('id IN (SELECT id FROM transactions INDEXED BY transactions_text WHERE profile_id = ? AND instr(search_text, ?) > 0)');
    params.push(profileId, needle);
  }
  return { sql: where.join(' AND '), params };
}

export function orderClause(sort: TransactionSort | undefined): string {
  const { column, direction } = sort ?? DEFAULT_SORT;
  const expr = SORT_SQL[column];
  if (!expr) throw new RangeError(`Cannot sort transactions by ${String(column)}`);
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  return `${expr} ${dir} NULLS LAST, id ${dir}`;
}
