// Rows that need review: a refusal of a repeat (or a row too old to re-send) may
// hide an order that went through, so such a row is never marked failed by
// itself. It goes to `needs_review`, is neither re-sent nor polled, and the desk
// looks for its transaction through all of the user's transactions since the
// order was written; only a single unclaimed match settles it as accepted.
// Otherwise the operator settles it by hand: booked, as one of the matching
// transactions, or not booked — then it fails and its key is never sent again.
import type { SettleCandidatesView, TransactionView } from '../../../shared/desk-api';
import type { Transaction } from '../../../shared/kriptomat';
import { dec } from '../../../shared/money';
import { NEEDS_REVIEW } from '../../../shared/order-states';
import { DeskFailure, toDeskError } from '../../errors';
import { fetchAllPages } from '../../kriptomat/pagination';
import { describeOrder, emitOrder, type OrderFlow } from './flight';
import { watchUntilFinal } from './watch';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalRow } from '../../store/port';
import { transactionView } from '../common/views';

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
async function claimedTransactions(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): Promise<Set<number>> {
  return new Set(
    (await flow.ctx.store.recentOrders(runtime.profile.id, { userId: row.userId, limit: 500 }))
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
    current = await flow.ctx.store.markOrderNeedsReview(row.idempotencyKey, reason);
  } catch (error) {
    flow.ctx.log.warn('order review: could not update the journal', { orderId: row.id, error });
    return row;
  }
  if (current.state !== NEEDS_REVIEW) return current;
  emitOrder(flow, current);
  return reconcile(flow, runtime, current);
}

/**
 * Every transaction of the row's user since the row was written (less the clock
 * slack), through all the pages that can hold one: the list is newest first, so
 * paging stops after the first page that reaches back past that time. The rows
 * read go into the transaction cache.
 */
export async function userTransactionsSince(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): Promise<Transaction[]> {
  const { ctx } = flow;
  const since = row.createdAtMs - RECONCILE_CLOCK_SLACK_MS;
  const seen = new Set<number>();
  const transactions = await fetchAllPages((page) => runtime.api.userTransactions(row.userId, page), {
    maxConcurrency: ctx.tuning.concurrency,
    initialConcurrency: 1,
    keyOf: (tx) => tx.id,
    stopWhen: (rows) => {
      const fresh = rows.filter((tx) => !seen.has(tx.id));
      for (const tx of rows) seen.add(tx.id);
      // A page with nothing new: a list that ignores the page number would never end.
      if (fresh.length === 0) return true;
      return rows.some((tx) => transactionTimeMs(tx.date) < since);
    },
  });
  try {
    if (transactions.length > 0) await ctx.store.upsertTransactions(runtime.profile.id, transactions);
  } catch (error) {
    ctx.log.warn("order review: could not cache the user's transactions", { orderId: row.id, error });
  }
  return transactions;
}

/** The unclaimed transactions that look like the row's order. */
async function candidatesAmong(
  flow: OrderFlow,
  runtime: ProfileRuntime,
  row: JournalRow,
  transactions: readonly Transaction[],
): Promise<Transaction[]> {
  const claimed = await claimedTransactions(flow, runtime, row);
  return transactions.filter((tx) => !claimed.has(tx.id) && looksLikeOrder(row, tx));
}

/**
 * A `needs_review` row: its transaction is looked for among all of the user's
 * transactions since the row was written — same kind, pair and amount, and not
 * already some other journal row's. Exactly one such transaction settles the row
 * as accepted (then it is polled as usual); none or several leave it for the
 * operator. Never throws.
 */
export async function reconcile(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): Promise<JournalRow> {
  const { ctx } = flow;
  try {
    const matches = await candidatesAmong(flow, runtime, row, await userTransactionsSince(flow, runtime, row));
    if (matches.length !== 1) return row;
    const tx = matches[0]!;
    const accepted = emitOrder(flow, await ctx.store.markOrderAccepted(row.idempotencyKey, tx.id));
    await ctx.audit.record(
      runtime.profile.id,
      `order.${row.kind}`,
      `${describeOrder(row)} (order ${row.id}) — found as transaction ${tx.id} in the user's transactions after a refused repeat`,
      'ok',
    );
    watchUntilFinal(flow, runtime, accepted);
    return accepted;
  } catch (error) {
    ctx.log.warn("order review: could not look through the user's transactions", { orderId: row.id, error });
    return row;
  }
}

// ── settling by hand ─────────────────────────────────────────────────────────

/** The row behind a bridge call about one needs-review order of the active profile. */
async function rowUnderReview(flow: OrderFlow, runtime: ProfileRuntime, orderId: string): Promise<JournalRow> {
  const row = await flow.ctx.store.getOrder(runtime.profile.id, orderId);
  if (!row) {
    throw new DeskFailure('not_found', `There is no order ${orderId} in ${runtime.profile.name}.`);
  }
  if (row.state !== NEEDS_REVIEW) {
    throw new DeskFailure('conflict', `Order ${orderId} is no longer waiting for review (it is ${row.state}): there is nothing to settle.`);
  }
  return row;
}

/** Newest first, like every transaction list of the desk. */
function newestFirst(a: { id: number }, b: { id: number }): number {
  return b.id - a.id;
}

function asTransaction(view: TransactionView): Transaction {
  return {
    id: view.id,
    user_id: view.userId,
    type: view.type,
    amount: view.amount,
    pair: view.pair,
    price: view.price,
    date: view.date,
    state: view.state,
    fee: view.fee,
    subtotal: view.subtotal,
    total: view.total,
  };
}

/**
 * What the operator may pick for a needs-review row: the unclaimed transactions
 * that look like its order, read from Kriptomat now (all pages since the order),
 * or from the desk's transaction cache when Kriptomat cannot be read.
 */
export async function settleCandidates(flow: OrderFlow, runtime: ProfileRuntime, orderId: string): Promise<SettleCandidatesView> {
  const row = await rowUnderReview(flow, runtime, orderId);
  try {
    const candidates = await candidatesAmong(flow, runtime, row, await userTransactionsSince(flow, runtime, row));
    return { orderId, candidates: candidates.sort(newestFirst).map(transactionView), live: true };
  } catch (error) {
    flow.ctx.log.warn('order review: Kriptomat could not be read; offering cached transactions', { orderId, error });
    const { rows } = await flow.ctx.store.queryTransactions(
      runtime.profile.id,
      { userId: row.userId, fromMs: Math.max(0, row.createdAtMs - RECONCILE_CLOCK_SLACK_MS) },
      { column: 'id', direction: 'desc' },
      500,
      0,
    );
    const candidates = await candidatesAmong(flow, runtime, row, rows.map(asTransaction));
    return { orderId, candidates: candidates.map(transactionView), live: false };
  }
}

export type SettleDecision = { outcome: 'booked'; transactionId: number } | { outcome: 'not_booked' };

export const NOT_BOOKED_MESSAGE = 'Settled by hand as not booked: the desk never sends this order again.';

/**
 * The operator's word on a needs-review row. `booked`: the transaction is read
 * from Kriptomat and must look like the order and be no other order's; the row
 * is accepted with it and followed until final. `not_booked`: the row fails, and
 * as a failed row its key is never sent again. Both are audited.
 */
export async function settleByHand(
  flow: OrderFlow,
  runtime: ProfileRuntime,
  orderId: string,
  decision: SettleDecision,
): Promise<JournalRow> {
  const { ctx, flight } = flow;
  // Not while the desk itself is looking for the order's transaction: one decision at a time.
  // Taken before the row is read, so what is read cannot move on before it is settled.
  if (!flight.take(orderId)) {
    throw new DeskFailure('conflict', "The desk is looking for this order's transaction right now; try again in a moment.");
  }
  try {
    const row = await rowUnderReview(flow, runtime, orderId);
    const what = `${describeOrder(row)} (order ${row.id})`;
    if (decision.outcome === 'not_booked') {
      const failed = emitOrder(flow, await ctx.store.markOrderFailed(row.idempotencyKey, NOT_BOOKED_MESSAGE));
      await ctx.audit.record(
        runtime.profile.id,
        'order.settle',
        `${what} — settled by hand as not booked; its idempotency key is never sent again`,
        'ok',
      );
      return failed;
    }
    const { transactionId } = decision;
    const refuse = async (message: string): Promise<never> => {
      await ctx.audit.record(
        runtime.profile.id,
        'order.settle',
        `${what} — not settled as transaction ${transactionId}: ${message}`,
        'error',
      );
      throw new DeskFailure('validation', message, { fieldErrors: { transactionId: [message] } });
    };
    let tx: Transaction;
    try {
      tx = await runtime.api.showTransaction(row.userId, transactionId);
    } catch (error) {
      if (toDeskError(error).kind === 'not_found') return refuse(`User ${row.userId} has no transaction ${transactionId}.`);
      throw error;
    }
    const owner = (await ctx.store.recentOrders(runtime.profile.id, { userId: row.userId, limit: 500 })).find(
      (other) => other.id !== row.id && other.transactionId === tx.id,
    );
    if (owner) return refuse(`Transaction ${tx.id} is already order ${owner.id}'s.`);
    if (!looksLikeOrder(row, tx))
      return refuse(
        `Transaction ${tx.id} is not this order: it must be a ${row.kind} of the same amount${row.pair ? ` and pair` : ''}, dated after the order was written.`,
      );
    try {
      await ctx.store.upsertTransactions(runtime.profile.id, [tx]);
    } catch (error) {
      ctx.log.warn('could not cache a transaction', { transactionId: tx.id, error });
    }
    const accepted = emitOrder(flow, await ctx.store.markOrderAccepted(row.idempotencyKey, tx.id));
    runtime.reads.forgetBalances(row.userId, ctx.timers.now());
    await ctx.audit.record(runtime.profile.id, 'order.settle', `${what} — settled by hand as booked: transaction ${tx.id}`, 'ok');
    watchUntilFinal(flow, runtime, accepted);
    return accepted;
  } finally {
    flight.release(orderId);
  }
}
