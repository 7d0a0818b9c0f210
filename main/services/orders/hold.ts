// The cool-off on withdrawals to new bank accounts (Solo; in a team the same
// rule is an approval). A withdrawal to an account the desk first knew less than
// `withdrawHoldHours` ago is journaled `held` — its idempotency key already
// minted — and nothing sends it until the hold ends. Then it passes the same
// checks as any order, on fresh reads (KYC, status and funds may have changed
// in the meantime), is moved to `sending` durably and sent once; or the operator
// cancels it first (`orders.cancelHeld`). The journal's held → sending move is
// the one arbiter between the end of the hold and a cancel.
import { withdrawHoldUntil } from '../../../shared/order-rules';
import { HELD } from '../../../shared/order-states';
import { DeskFailure, toDeskError } from '../../errors';
import { checkOrder, type CheckedOrder } from './checks';
import { describeOrder, emitOrder, type OrderFlow } from './flight';
import { orderCheckReads } from './check-reads';
import { resendInBackground, sendOnce } from './send';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalRow } from '../../store/port';

/** Kinds of failure that say nothing about the order: the row stays held and the checks run again later. */
const TRANSIENT: ReadonlySet<string> = new Set([
  'signed_out',
  'unauthenticated',
  'network',
  'timeout',
  'rate_limited',
  'server',
  'bad_response',
]);

export const CANCELLED_BY_OPERATOR = 'Cancelled by the operator during its hold; never sent.';

/** When a checked withdrawal must wait until (ms), or null; notes the bank account as seen. */
export async function holdUntilFor(flow: OrderFlow, profileId: string, order: CheckedOrder): Promise<number | null> {
  const { ctx } = flow;
  const holds = ctx.store.holds;
  if (order.kind !== 'withdraw' || order.bankAccountId === null || !holds?.available(profileId)) return null;
  const now = ctx.timers.now();
  const seen = await holds.bankAccountsFirstSeen(profileId, order.userId, [order.bankAccountId], 'listed', now);
  return withdrawHoldUntil(seen.get(order.bankAccountId) ?? now, ctx.settings.get().withdrawHoldHours, now);
}

/** Waits out a held row's hold in the background, then checks and sends it (unless it was cancelled). */
export function releaseWhenDue(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): void {
  const { ctx, flight } = flow;
  const holds = ctx.store.holds;
  if (!holds || row.holdUntilMs === null || runtime.stopped || !flight.take(row.id)) return;
  const holdUntilMs = row.holdUntilMs;
  let unanswered: JournalRow | null = null;
  runtime.spawn(`hold of order ${row.id}`, async () => {
    try {
      for (;;) {
        for (let left = holdUntilMs - ctx.timers.now(); left > 0; left = holdUntilMs - ctx.timers.now()) {
          if (!(await runtime.sleep(Math.min(ctx.tuning.holdCheckMs, left)))) return;
        }
        const current = await ctx.store.getOrder(row.profileId, row.id);
        if (!current || current.state !== HELD) return;
        const ready = await checkBeforeDeferredSend(flow, runtime, current, 'its hold');
        if (ready === 'later') {
          if (!(await runtime.sleep(ctx.tuning.holdCheckMs))) return;
          continue;
        }
        if (ready === 'failed') return;
        // Durable before the POST, like any journal row; a cancel that came first wins here.
        const released = await holds.release(current.idempotencyKey);
        if (released.state !== 'sending') return;
        // Held until this moment, so nothing of it can have reached Kriptomat: a refusal is a plain refusal.
        flight.markUnsent(released.id);
        emitOrder(flow, released);
        const result = await sendOnce(flow, runtime, released, { resent: false });
        if (result.outcome === 'unanswered') unanswered = result.row;
        return;
      }
    } finally {
      flight.release(row.id);
      // Handed over after the row is free again: the re-send takes it itself.
      if (unanswered) resendInBackground(flow, runtime, unanswered, false);
    }
  });
}

/**
 * The checks any order passes, on fresh reads, for a row that waited before its
 * first send (a hold, or an approval in a team); a check that fails ends the order
 * with its reason. `after` names the wait in that reason ("its hold").
 */
export async function checkBeforeDeferredSend(
  flow: OrderFlow,
  runtime: ProfileRuntime,
  row: JournalRow,
  after: string,
): Promise<'ready' | 'later' | 'failed'> {
  const { ctx } = flow;
  if (!runtime.signedIn) return 'later';
  try {
    // The limit was decided (or overridden) when the order was placed.
    await checkOrder(
      { kind: row.kind, userId: row.userId, pair: row.pair, amount: row.amount, bankAccountId: row.bankAccountId, overrideLimit: true },
      orderCheckReads(ctx, runtime, { fresh: true }),
    );
    return 'ready';
  } catch (error) {
    const desk = toDeskError(error);
    if (TRANSIENT.has(desk.kind)) return 'later';
    const message = `Not sent after ${after}: ${desk.message}`;
    emitOrder(flow, await ctx.store.markOrderFailed(row.idempotencyKey, message));
    await ctx.audit.record(row.profileId, `order.${row.kind}`, `${describeOrder(row)} (order ${row.id}) — ${message}`, 'error');
    return 'failed';
  }
}

/** `orders.cancelHeld`: a held row becomes cancelled and is never sent. */
export async function cancelHeld(flow: OrderFlow, runtime: ProfileRuntime, orderId: string): Promise<JournalRow> {
  const { ctx } = flow;
  const profileId = runtime.profile.id;
  const holds = ctx.store.holds;
  const row = await ctx.store.getOrder(profileId, orderId);
  if (!row) throw new DeskFailure('not_found', `There is no order ${orderId} in ${runtime.profile.name}.`);
  if (row.state !== HELD || !holds)
    throw new DeskFailure('conflict', `Order ${orderId} is not held any more, so it cannot be cancelled here.`);
  return ctx.audit.around(profileId, 'order.cancel', `${describeOrder(row)} (order ${row.id}) cancelled during its hold`, async () => {
    const cancelled = await holds.cancel(row.idempotencyKey, CANCELLED_BY_OPERATOR);
    // The hold ended first: it is being sent (or was), not cancelled.
    if (cancelled.state !== 'cancelled')
      throw new DeskFailure('conflict', `Order ${orderId} left its hold just now and is ${cancelled.state}; it was not cancelled.`);
    return emitOrder(flow, cancelled);
  });
}
