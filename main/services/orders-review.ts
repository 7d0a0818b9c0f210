// Rows that need review: a refusal of a repeat (or a row too old to re-send) may
// hide an order that went through, so such a row is never marked failed by
// itself. It goes to `needs_review`, is neither re-sent nor polled, and the desk
// looks for its transaction among the user's transactions; only a single
// unclaimed match settles it as accepted.
import type { Transaction } from '../../shared/kriptomat';
import { dec } from '../../shared/money';
import { NEEDS_REVIEW } from '../../shared/order-states';
import { describeOrder, emitOrder, type OrderFlow } from './orders-flight';
import { watchUntilFinal } from './orders-watch';
import type { ProfileRuntime } from './runtime';
import type { JournalRow } from './store-port';

/** A transaction's date may be this much before the journal row (the two clocks differ). */
export const RECONCILE_CLOCK_SLACK_MS = 2 * 60_000;

function transactionTimeMs(date: string): number {
  // The API's dates carry no zone ("2018-11-27T13:46:22.658"): they are UTC.
  return Date.parse(/(?:Z|[+-]\d{2}:?\d{2})$/i.test(date) ? date : `${date}Z`);
}

/** Whether `tx` looks like the journal row's order: same kind, same amount, not older than the row. */
export function looksLikeOrder(row: JournalRow, tx: Transaction): boolean {
  const same = (value: string): boolean => {
    try {
      return dec(value).eq(dec(row.amount));
    } catch {
      return false;
    }
  };
  if (tx.user_id !== row.userId) return false;
  const at = transactionTimeMs(tx.date);
  if (!Number.isFinite(at) || at < row.createdAtMs - RECONCILE_CLOCK_SLACK_MS) return false;
  const type = tx.type.toLowerCase();
  switch (row.kind) {
    case 'buy':
      return type === 'buy' && tx.pair === row.pair && same(tx.total);
    case 'sell':
      return type === 'sell' && tx.pair === row.pair && same(tx.amount);
    case 'withdraw':
      return (type === 'fiat_withdrawal' || type === 'withdraw' || type === 'withdrawal') && (same(tx.subtotal) || same(tx.amount));
  }
}

/** Transaction ids that other journal rows of the user already stand for. */
function claimedTransactions(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): Set<number> {
  return new Set(
    flow.ctx.store
      .recentOrders(runtime.profile.id, { userId: row.userId, limit: 500 })
      .filter((other) => other.id !== row.id && other.transactionId !== null)
      .map((other) => other.transactionId!),
  );
}

/**
 * Moves a `sending` row to `needs_review`, then looks once for its transaction.
 * Never throws; resolves with the row as it ends.
 */
export async function toReview(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow, reason: string): Promise<JournalRow> {
  let current: JournalRow;
  try {
    current = flow.ctx.store.markOrderNeedsReview(row.idempotencyKey, reason);
  } catch (error) {
    flow.ctx.log.warn('order review: could not update the journal', { orderId: row.id, error });
    return row;
  }
  if (current.state !== NEEDS_REVIEW) return current;
  emitOrder(flow, current);
  return reconcile(flow, runtime, current);
}

/**
 * A `needs_review` row: its transaction is looked for on the first page of the
 * user's transactions — same kind, pair and amount, dated after the row was
 * written, and not already some other journal row's. Exactly one such
 * transaction settles the row as accepted (then it is polled as usual);
 * none or several leave it for the operator. Never throws.
 */
export async function reconcile(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): Promise<JournalRow> {
  const { ctx } = flow;
  try {
    const page = await runtime.api.userTransactions(row.userId, 1);
    const claimed = claimedTransactions(flow, runtime, row);
    const matches = page.transactions.filter((tx) => !claimed.has(tx.id) && looksLikeOrder(row, tx));
    if (matches.length !== 1) return row;
    const tx = matches[0]!;
    const accepted = emitOrder(flow, ctx.store.markOrderAccepted(row.idempotencyKey, tx.id));
    ctx.audit.record(
      runtime.profile.id,
      `order.${row.kind}`,
      `${describeOrder(row)} (order ${row.id}) — found as transaction ${tx.id} in the user's transactions after a refused repeat`,
      'ok',
    );
    watchUntilFinal(flow, runtime, accepted);
    return accepted;
  } catch (error) {
    ctx.log.warn('order review: could not look through the user\'s transactions', { orderId: row.id, error });
    return row;
  }
}
