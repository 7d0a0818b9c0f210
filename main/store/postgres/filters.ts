// Filters and sorts of the bridge (shared/desk-api.ts) as PostgreSQL clauses.
// Only fixed column expressions are ever spliced into the text; every value is
// a numbered bind parameter.
import type { AuditFilter, TransactionFilter, TransactionSort } from '../port';

export type { TransactionFilter, TransactionSort };
/** The bridge's audit filter, plus what a shared trail adds: which environment, which operator. */
export type TeamAuditFilter = AuditFilter & { environment?: string; operator?: string };

/** Collects bind values and hands out their placeholders ($1, $2 …). */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const TRANSACTION_SORT: Record<TransactionSort['column'], string> = {
  id: 'id',
  userId: 'user_id',
  type: 'type',
  pair: 'pair',
  state: 'state',
  date: 'date_at',
  amount: 'amount',
  price: 'price',
  fee: 'fee',
  subtotal: 'subtotal',
  total: 'total',
};

const DEFAULT_SORT: TransactionSort = { column: 'date', direction: 'desc' };

export function transactionWhere(p: SqlParams, environment: string, filter: TransactionFilter): string {
  const where = [`environment = ${p.add(environment)}`];
  if (filter.userId !== undefined) where.push(`user_id = ${p.add(filter.userId)}`);
  if (filter.type !== undefined) where.push(`type = ${p.add(filter.type)}`);
  if (filter.pair !== undefined) where.push(`pair = ${p.add(filter.pair)}`);
  if (filter.state !== undefined) where.push(`state = ${p.add(filter.state)}`);
  if (filter.fromMs !== undefined) where.push(`date_at >= ${p.add(new Date(filter.fromMs).toISOString())}`);
  if (filter.toMs !== undefined) where.push(`date_at <= ${p.add(new Date(filter.toMs).toISOString())}`);
  const needle = filter.text?.trim().toLowerCase();
  if (needle) where.push(`strpos(search_text, ${p.add(needle)}) > 0`);
  return where.join(' AND ');
}

export function transactionOrder(sort: TransactionSort | undefined): string {
  const { column, direction } = sort ?? DEFAULT_SORT;
  const expr = TRANSACTION_SORT[column];
  if (!expr) throw new RangeError(`Cannot sort transactions by ${String(column)}`);
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  return `${expr} ${dir} NULLS LAST, id ${dir}`;
}

export function auditWhere(p: SqlParams, filter: TeamAuditFilter): string {
  const where: string[] = [];
  if (filter.environment !== undefined) where.push(`environment = ${p.add(filter.environment)}`);
  if (filter.operator !== undefined) where.push(`operator = ${p.add(filter.operator)}`);
  if (filter.action !== undefined) where.push(`action = ${p.add(filter.action)}`);
  if (filter.outcome !== undefined) where.push(`outcome = ${p.add(filter.outcome)}`);
  if (filter.fromMs !== undefined) where.push(`at >= ${p.add(new Date(filter.fromMs).toISOString())}`);
  // `at` has microseconds: the whole of the bound's millisecond is inside.
  if (filter.toMs !== undefined) where.push(`at < ${p.add(new Date(filter.toMs + 1).toISOString())}`);
  const needle = filter.text?.trim().toLowerCase();
  if (needle) {
    where.push(
      `strpos(lower(action || ' ' || summary || ' ' || operator || ' ' || os_user || ' ' || coalesce(environment, '')), ${p.add(needle)}) > 0`,
    );
  }
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}
