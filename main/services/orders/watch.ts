// Watching an accepted order until its transaction is final: the transaction is
// polled, its final state becomes the row's state, and the transaction goes into
// the cache. A state the desk does not know is polled until the polling deadline,
// then kept as received and no longer watched (the next sign-in watches it again).
import type { Transaction } from '../../../shared/kriptomat';
import { isFailedOrderState, isFinalOrderState } from '../../../shared/order-states';
import { emitOrder, type OrderFlow } from './flight';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalRow } from '../../store/port';

/** Starts polling `row`'s transaction in the background, unless it is already polled. */
export function watchUntilFinal(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): void {
  const { ctx, flight } = flow;
  if (row.transactionId === null || runtime.stopped || !flight.takePolling(row.id)) return;
  const transactionId = row.transactionId;
  const cache = async (tx: Transaction): Promise<void> => {
    try {
      await ctx.store.upsertTransactions(runtime.profile.id, [tx]);
    } catch (error) {
      ctx.log.warn('could not cache a transaction', { transactionId, error });
    }
  };
  runtime.spawn(`polling of order ${row.id}`, async () => {
    try {
      const deadline = ctx.timers.now() + ctx.tuning.orderPollMaxMs;
      let unknown: Transaction | null = null;
      let first = true;
      while (ctx.timers.now() < deadline) {
        // The first look comes right away: a fast settlement needs no wait.
        if (!first && !(await runtime.sleep(ctx.tuning.orderPollIntervalMs))) return;
        first = false;
        let tx;
        try {
          tx = await runtime.api.showTransaction(row.userId, transactionId);
        } catch (error) {
          ctx.log.warn('order polling: could not fetch the transaction', { orderId: row.id, transactionId, error });
          continue;
        }
        if (!isFinalOrderState(tx.state)) {
          // `pending` is in flight; anything else unknown is kept in case it never moves on.
          unknown = tx.state.trim().toLowerCase() === 'pending' ? null : tx;
          continue;
        }
        await cache(tx);
        emitOrder(
          flow,
          tx.state === 'failed'
            ? await ctx.store.markOrderFailed(row.idempotencyKey, 'Kriptomat reports the transaction as failed; the funds were returned.')
            : isFailedOrderState(tx.state)
              ? await ctx.store.markOrderFailed(row.idempotencyKey, `Kriptomat reports the transaction as ${tx.state}.`)
              : await ctx.store.markOrderFinal(row.idempotencyKey, tx.state),
        );
        return;
      }
      if (unknown !== null && !runtime.stopped) {
        // A state the desk does not know, for the whole polling time: shown as received.
        // It is not final, so the next sign-in watches the row again.
        await cache(unknown);
        try {
          emitOrder(flow, await ctx.store.recordOrderState(row.idempotencyKey, unknown.state));
        } catch (error) {
          // A state the journal itself uses for work in flight (say "accepted"): left as it is.
          ctx.log.warn('order polling: could not record the transaction state', { orderId: row.id, transactionId, error });
          return;
        }
        ctx.log.warn('order polling: the transaction stays in a state the desk does not know', {
          orderId: row.id,
          transactionId,
          state: unknown.state,
        });
      }
      // Still pending after a long time: stop watching; the next sign-in resumes it.
    } finally {
      flight.releasePolling(row.id);
    }
  });
}
