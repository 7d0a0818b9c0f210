// A transaction as a store keeps it, as the bridge shows it: the desk's SQLite
// cache and the team database keep the same fields (money as decimal text, a
// figure the API left out as null), so one mapping serves both. Pure.
import type { TransactionView } from '../../shared/desk-api';

export interface StoredTransactionFields {
  id: number;
  userId: number;
  type: string;
  amount: string | null;
  pair: string | null;
  price: string | null;
  /** As the API sent it. */
  date: string;
  state: string;
  fee: string | null;
  subtotal: string | null;
  total: string | null;
}

/** A figure the API did not send is shown as empty text, never as zero. */
export function storedTransactionView(t: StoredTransactionFields): TransactionView {
  return {
    id: t.id,
    userId: t.userId,
    type: t.type,
    amount: t.amount ?? '',
    pair: t.pair,
    price: t.price,
    date: t.date,
    state: t.state,
    fee: t.fee ?? '',
    subtotal: t.subtotal ?? '',
    total: t.total ?? '',
  };
}

/** The CSV export's columns, the API's names, in both stores. */
export const CSV_COLUMNS = ['id', 'user_id', 'type', 'amount', 'pair', 'price', 'date', 'state', 'fee', 'subtotal', 'total'];

const HAS_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/** The API's `date` is UTC wall time without a zone ("2018-11-27T13:46:22.658"); a zone, if sent, is honoured. */
export function apiDateMs(date: string): number {
  const iso = date.trim().replace(' ', 'T');
  const ms = Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? 0 : ms;
}
