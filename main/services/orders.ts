// Buy, sell and withdraw, exactly once.
//
// 1. checks (orders-checks.ts) — nothing is sent for an order that fails one;
// 2. a journal row with a fresh idempotency_key, state `sending`, written BEFORE
//    the POST, so a crash at any later point leaves a record of what may have gone;
// 3. the POST (the client repeats it with the same key on transport failures);
//    accepted → `accepted` + transaction id; refused (4xx) → `failed` + reason;
//    no answer after the client's retries → stays `sending` and is re-sent in the
//    background, with the same key, until Kriptomat answers — and on every later
//    sign-in, which covers a restart after a crash;
// 4. the transaction is polled until its state is final, which becomes the row's
//    state; the transaction goes into the cache.
//
// The key makes every re-send safe: Kriptomat answers a repeated key with the
// first result, so an order takes effect once however often it is sent.
import { randomUUID } from 'node:crypto';
import type { OrderView } from '../../shared/desk-api';
import type { OrderAccepted } from '../../shared/kriptomat';
import { toDeskError } from '../errors';
import type { ServiceContext } from './context';
import type { HandlersOf } from './handlers';
import { cachedPairs, latestRate } from './market';
import { checkOrder, type CheckedOrder, type OrderRequest } from './orders-checks';
import type { ProfileRuntime } from './runtime';
import type { JournalRow } from './store-port';
import { fetchUser } from './users';
import { orderView } from './views';

const PENDING_TX_STATES = new Set(['pending']);

/** Refusals mean the order did not take effect; anything else may hide a booked order. */
const REFUSAL_KINDS = new Set(['validation', 'not_found', 'conflict', 'forbidden', 'unauthenticated', 'invalid_input']);

function describeOrder(row: Pick<JournalRow, 'kind' | 'amount' | 'pair' | 'userId' | 'bankAccountId'>): string {
  if (row.kind === 'withdraw') return `withdraw ${row.amount} EUR for user ${row.userId} to bank account ${row.bankAccountId}`;
  const currency = row.kind === 'buy' ? 'EUR' : (row.pair ?? '').replace(/eur$/, '').toUpperCase();
  return `${row.kind} ${row.amount} ${currency} of ${row.pair} for user ${row.userId}`;
}

export interface OrderService {
  handlers: HandlersOf<'orders'>;
  /** Re-sends the profile's `sending` rows and resumes polling its `accepted` ones (after every sign-in). */
  resume(runtime: ProfileRuntime): void;
}

export function createOrderService(ctx: ServiceContext): OrderService {
  /**
   * Rows this process is already sending (a placement or a background re-send)
   * or polling, so a resume after a sign-in never doubles them.
   */
  const sendingNow = new Set<string>();
  const pollingNow = new Set<string>();

  const emit = (row: JournalRow): JournalRow => {
    ctx.events.emit('orders.updated', orderView(row));
    return row;
  };

  const post = (runtime: ProfileRuntime, row: JournalRow): Promise<OrderAccepted> => {
    const api = runtime.api;
    if (row.kind === 'withdraw') {
      return api.withdraw(row.userId, { amount: row.amount, bank_account_id: row.bankAccountId ?? 0, idempotency_key: row.idempotencyKey });
    }
    const body = { amount: row.amount, pair: row.pair ?? '', idempotency_key: row.idempotencyKey };
    return row.kind === 'buy' ? api.buy(row.userId, body) : api.sell(row.userId, body);
  };

  /** `deferred`: not sent because the profile is signed out or closed; the next sign-in resumes it. */
  type SendOutcome = { row: JournalRow; outcome: 'accepted' | 'refused' | 'unanswered' | 'deferred'; error?: unknown };

  /** One send of a journal row (with the client's own retries). Never throws. */
  const send = async (runtime: ProfileRuntime, row: JournalRow, resent: boolean): Promise<SendOutcome> => {
    const action = `order.${row.kind}` as const;
    const what = `${resent ? 're-sent ' : ''}${describeOrder(row)} (order ${row.id})`;
    try {
      const { transaction_id } = await post(runtime, row);
      const accepted = emit(ctx.store.markOrderAccepted(row.idempotencyKey, transaction_id));
      ctx.audit.record(runtime.profile.id, action, `${what} — accepted as transaction ${transaction_id}`, 'ok');
      watch(runtime, accepted);
      return { row: accepted, outcome: 'accepted' };
    } catch (error) {
      const desk = toDeskError(error);
      if (desk.kind === 'signed_out') {
        const note = 'Not sent yet: the environment is signed out. The desk sends it with its idempotency key after the next sign-in.';
        return { row: { ...row, error: note }, outcome: 'deferred', error };
      }
      if (REFUSAL_KINDS.has(desk.kind)) {
        const failed = emit(ctx.store.markOrderFailed(row.idempotencyKey, desk.message));
        ctx.audit.record(runtime.profile.id, action, `${what} — refused: ${desk.message}`, 'error');
        return { row: failed, outcome: 'refused', error };
      }
      // The row stays `sending`; the note only travels with the view returned to the operator.
      const note = `No answer from Kriptomat yet (${desk.message}); the desk keeps re-sending it with the same idempotency key.`;
      // Audited once, at placement; a re-send is audited when it finally gets an answer.
      if (!resent) ctx.audit.record(runtime.profile.id, action, `${what} — no answer yet (${desk.kind}); will re-send with the same key`, 'error');
      return { row: { ...row, error: note }, outcome: 'unanswered', error };
    }
  };

  /**
   * Keeps re-sending a `sending` row with backoff until Kriptomat answers, the
   * profile signs out or the runtime stops. `now`: the first send goes at once
   * (a row found on start); otherwise it waits first (the client just gave up).
   */
  const resendInBackground = (runtime: ProfileRuntime, row: JournalRow, now: boolean): void => {
    if (sendingNow.has(row.id)) return;
    sendingNow.add(row.id);
    runtime.spawn(`re-send of order ${row.id}`, async () => {
      let delay = ctx.tuning.orderResendBaseMs;
      let current = row;
      try {
        for (let first = now; ; first = false) {
          if (!first && !(await runtime.sleep(delay))) return;
          delay = Math.min(ctx.tuning.orderResendMaxMs, delay * 2);
          const result = await send(runtime, current, true);
          if (result.outcome !== 'unanswered') return;
          current = result.row;
        }
      } finally {
        sendingNow.delete(row.id);
      }
    });
  };

  /** Polls an accepted order's transaction until it is final; the result becomes the row's state. */
  const watch = (runtime: ProfileRuntime, row: JournalRow): void => {
    if (row.transactionId === null || pollingNow.has(row.id)) return;
    const transactionId = row.transactionId;
    pollingNow.add(row.id);
    runtime.spawn(`polling of order ${row.id}`, async () => {
      try {
        const deadline = ctx.timers.now() + ctx.tuning.orderPollMaxMs;
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
          if (PENDING_TX_STATES.has(tx.state)) continue;
          try {
            ctx.store.upsertTransactions(runtime.profile.id, [tx]);
          } catch (error) {
            ctx.log.warn('could not cache a transaction', { transactionId, error });
          }
          emit(
            tx.state === 'success'
              ? ctx.store.markOrderFinal(row.idempotencyKey, tx.state)
              : // A failed (or unknown) outcome is final too; the reason is kept for the operator.
                tx.state === 'failed'
                ? ctx.store.markOrderFailed(row.idempotencyKey, 'Kriptomat reports the transaction as failed; the funds were returned.')
                : ctx.store.markOrderFinal(row.idempotencyKey, tx.state),
          );
          return;
        }
        // Still pending after a long time: stop watching; the next sign-in resumes it.
      } finally {
        pollingNow.delete(row.id);
      }
    });
  };

  const place = async (request: OrderRequest): Promise<OrderView> => {
    const runtime = ctx.runtime();
    const profileId = runtime.profile.id;
    let checked: CheckedOrder;
    try {
      checked = await checkOrder(request, {
        pairs: () => cachedPairs(runtime),
        user: async (userId) => {
          const view = await fetchUser(ctx, runtime, userId, false);
          return { status: view.status, kyc_status: view.kycStatus };
        },
        balance: async (userId, currency) => (await runtime.api.userBalance(userId, currency)).balance,
        priceSell: async (pair) => (await latestRate(ctx, runtime, pair, ctx.tuning.rateFreshMs)).priceSell,
        bankAccountIds: async (userId) => (await runtime.api.listBankAccounts(userId)).map((b) => b.id),
        limitEur: () => ctx.settings.get().perOrderLimitEur,
      });
    } catch (error) {
      const draft = { kind: request.kind, amount: request.amount.trim(), pair: request.pair, userId: request.userId, bankAccountId: request.bankAccountId };
      ctx.audit.record(profileId, `order.${request.kind}`, `${describeOrder(draft)} — not sent: ${toDeskError(error).message}`, 'error');
      throw error;
    }

    // Durable before anything leaves the process: this row is what makes a crash recoverable.
    const row = emit(
      ctx.store.beginOrder({
        profileId,
        userId: checked.userId,
        kind: checked.kind,
        pair: checked.pair,
        amount: checked.amount,
        bankAccountId: checked.bankAccountId,
        idempotencyKey: randomUUID(),
      }),
    );

    sendingNow.add(row.id);
    let result: SendOutcome;
    try {
      result = await send(runtime, row, false);
    } finally {
      sendingNow.delete(row.id);
    }
    if (result.outcome === 'refused') throw result.error;
    // Handed over without an await in between, so a concurrent resume cannot slip in.
    if (result.outcome === 'unanswered') resendInBackground(runtime, result.row, false);
    return orderView(result.row);
  };

  return {
    resume(runtime) {
      for (const row of ctx.store.pendingSends(runtime.profile.id)) resendInBackground(runtime, row, true);
      for (const row of ctx.store.awaitingSettlement(runtime.profile.id)) watch(runtime, row);
    },
    handlers: {
      'orders.place': async ({ userId, side, pair, amount, overrideLimit }) =>
        place({ kind: side, userId, pair, amount, bankAccountId: null, overrideLimit: overrideLimit ?? false }),
      'orders.withdraw': async ({ userId, bankAccountId, amount, overrideLimit }) =>
        place({ kind: 'withdraw', userId, pair: null, amount, bankAccountId, overrideLimit: overrideLimit ?? false }),
      'orders.list': async ({ userId, limit }) =>
        ctx.store.recentOrders(ctx.runtime().profile.id, { ...(userId !== undefined ? { userId } : {}), limit: limit ?? 100 }).map(orderView),
    },
  };
}
