// Buy, sell and withdraw, exactly once.
//
// 1. checks (orders-checks.ts) — nothing is sent for an order that fails one;
// 2. a journal row with a fresh idempotency_key, state `sending`, written BEFORE
//    the POST, so a crash at any later point leaves a record of what may have gone;
// 3. the POST (the client repeats it with the same key on transport failures);
//    accepted → `accepted` + transaction id; refused (4xx) by the order endpoint
//    on a send that was certainly the first to reach Kriptomat → `failed` + reason;
//    refused when an earlier send may already have gone through (a replay, a
//    re-send, a row found on start) → `needs_review` (see below); no answer after
//    the client's retries → stays `sending` and is re-sent in the background, with
//    the same key, until Kriptomat answers — and on every later sign-in, which
//    covers a restart after a crash; the session refusing (signed out, sign-in
//    refused) → stays `sending` until the next sign-in;
// 4. the transaction is polled until its state is final, which becomes the row's
//    state; the transaction goes into the cache.
//
// The key makes every re-send safe: Kriptomat answers a repeated key with the
// first result, so an order takes effect once however often it is sent. But the
// reference allows a repeated key to be refused (409/422), and a key may be
// forgotten after a while: so a refusal of a repeat is never taken as "did not
// happen". Such a row goes to `needs_review`, is neither re-sent nor polled, and
// the desk looks once through the user's newest transactions for the order; only
// a single unclaimed match settles it as accepted.
import { randomUUID } from 'node:crypto';
import type { DeskErrorKind, OrderView } from '../../shared/desk-api';
import type { OrderAccepted, Transaction } from '../../shared/kriptomat';
import { dec } from '../../shared/money';
import { orderCurrency, pairLabel } from '../../shared/pairs';
import { isFailedOrderState, isFinalOrderState, NEEDS_REVIEW } from '../../shared/order-states';
import { DeskFailure, toDeskError } from '../errors';
import { KriptomatError, type KriptomatErrorKind } from '../kriptomat/errors';
import type { AuthorizedApi } from '../session';
import type { ServiceContext } from './context';
import type { HandlersOf } from './handlers';
import { cachedPairs, latestRate } from './market';
import { checkOrder, type CheckedOrder, type OrderRequest } from './orders-checks';
import type { ProfileRuntime } from './runtime';
import type { JournalRow } from './store-port';
import { orderView } from './views';

/** Kriptomat's endpoints that place an order: only their own refusals speak about the order. */
const ORDER_ENDPOINTS = new Set(['buy', 'sell', 'withdraw']);
/** Answers of an order endpoint that refuse the request outright (4xx, or a 2xx with `"status": false`). */
const REFUSAL_KINDS: ReadonlySet<KriptomatErrorKind> = new Set(['validation', 'not_found', 'conflict', 'forbidden', 'client']);
/** Failures that may pass by themselves: worth re-sending in the background. */
const TRANSIENT_KINDS: ReadonlySet<DeskErrorKind> = new Set(['network', 'timeout', 'server', 'rate_limited', 'bad_response']);

/**
 * A `sending` row older than this is not re-sent by itself: Kriptomat may have
 * forgotten its idempotency key by then, so a re-send could book it twice.
 */
export const MAX_RESEND_AGE_MS = 24 * 60 * 60_000;
/** A transaction's date may be this much before the journal row (the two clocks differ). */
const RECONCILE_CLOCK_SLACK_MS = 2 * 60_000;

export const REPLAY_REFUSED_MESSAGE =
  'Kriptomat refused a repeat of this order, so the first attempt may have gone through. Check the user\'s transactions before placing it again.';
export const TOO_OLD_TO_RESEND_MESSAGE =
  'This order was never confirmed and is over 24 hours old, so the desk no longer re-sends it (Kriptomat may have forgotten its idempotency key). Check the user\'s transactions before placing it again.';

/** How one send of an order ended, from the error it threw. */
type Verdict = 'refused' | 'review' | 'session' | 'unanswered';

/**
 * `firstReach`: no earlier send of this row can have reached Kriptomat.
 * A refusal fails the row only if it came from the order endpoint itself, for a
 * send that was certainly the first to reach the server; a refusal of a repeat
 * may hide a booked order. Session and sign-in trouble says nothing about the order.
 */
export function classifyOrderError(error: unknown, firstReach: boolean): Verdict {
  if (error instanceof KriptomatError && ORDER_ENDPOINTS.has(error.endpoint)) {
    if (REFUSAL_KINDS.has(error.kind)) return firstReach && !error.replay ? 'refused' : 'review';
    if (error.kind === 'unauthenticated') return 'session';
    return 'unanswered';
  }
  // The sign-in inside the call (a re-login after a 401), or the session refusing before sending.
  const kind = toDeskError(error).kind;
  if (TRANSIENT_KINDS.has(kind)) return 'unanswered';
  if (error instanceof KriptomatError || kind === 'signed_out' || kind === 'unauthenticated' || (error as { name?: unknown } | null)?.name === 'SessionError') {
    return 'session';
  }
  // Our own bug (or a journal error): keep the row for a later re-send rather than guessing.
  return 'unanswered';
}

function transactionTimeMs(date: string): number {
  // The API's dates carry no zone ("2018-11-27T13:46:22.658"): they are UTC.
  return Date.parse(/(?:Z|[+-]\d{2}:?\d{2})$/i.test(date) ? date : `${date}Z`);
}

/** Whether `tx` looks like the journal row's order: same kind, same amount, not older than the row. */
function looksLikeOrder(row: JournalRow, tx: Transaction): boolean {
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

function describeOrder(row: Pick<JournalRow, 'kind' | 'amount' | 'pair' | 'userId' | 'bankAccountId'>): string {
  if (row.kind === 'withdraw') return `withdraw ${row.amount} EUR for user ${row.userId} to bank account ${row.bankAccountId}`;
  const currency = orderCurrency(row.kind, row.pair).toUpperCase();
  // The audit log is read by operators: "BTC/EUR", not the API's "btceur".
  const pair = row.pair && /^[a-z0-9]{2,12}eur$/.test(row.pair) ? pairLabel(row.pair) : row.pair;
  return `${row.kind} ${row.amount} ${currency} of ${pair} for user ${row.userId}`;
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

  /**
   * Rows this process created and has not yet sent in a way that may have reached
   * Kriptomat. Any row not in here (found in the journal on start, or sent before
   * without a clear answer) may already have been booked.
   */
  const neverReached = new Set<string>();

  const post = (api: AuthorizedApi, row: JournalRow): Promise<OrderAccepted> => {
    // The journal refuses such rows when they are written; no fallback id or pair is ever sent.
    if (row.kind === 'withdraw') {
      if (row.bankAccountId === null) throw new DeskFailure('internal', `Order ${row.id} is a withdrawal without a bank account.`);
      return api.withdraw(row.userId, { amount: row.amount, bank_account_id: row.bankAccountId, idempotency_key: row.idempotencyKey });
    }
    if (row.pair === null) throw new DeskFailure('internal', `Order ${row.id} is a ${row.kind} without a pair.`);
    const body = { amount: row.amount, pair: row.pair, idempotency_key: row.idempotencyKey };
    return row.kind === 'buy' ? api.buy(row.userId, body) : api.sell(row.userId, body);
  };

  /**
   * `deferred`: not sent, or stopped by the session (signed out, sign-in refused);
   * the next sign-in resumes it. `review`: may or may not have taken effect.
   */
  type SendOutcome = { row: JournalRow; outcome: 'accepted' | 'refused' | 'review' | 'unanswered' | 'deferred'; error?: unknown };

  const sessionActive = (runtime: ProfileRuntime): boolean => {
    const state = runtime.session.snapshot().state;
    return !runtime.stopped && (state === 'active' || state === 'refreshing');
  };

  /** One send of a journal row (with the client's own retries). Never throws. */
  const send = async (runtime: ProfileRuntime, row: JournalRow, resent: boolean): Promise<SendOutcome> => {
    const action = `order.${row.kind}` as const;
    const what = `${resent ? 're-sent ' : ''}${describeOrder(row)} (order ${row.id})`;
    if (!runtime.signedIn) {
      // Refused before anything left the process (signed out, profile switched).
      const note = 'Not sent yet: the environment is signed out. The desk sends it with its idempotency key after the next sign-in.';
      const error = new DeskFailure('signed_out', `You are signed out of ${runtime.profile.name}. Sign in and try again.`);
      return { row: { ...row, error: note }, outcome: 'deferred', error };
    }
    const api = runtime.api;
    const firstReach = neverReached.has(row.id);
    try {
      const { transaction_id } = await post(api, row);
      neverReached.delete(row.id);
      const accepted = emit(ctx.store.markOrderAccepted(row.idempotencyKey, transaction_id));
      ctx.audit.record(runtime.profile.id, action, `${what} — accepted as transaction ${transaction_id}`, 'ok');
      watch(runtime, accepted);
      return { row: accepted, outcome: 'accepted' };
    } catch (error) {
      neverReached.delete(row.id);
      const desk = toDeskError(error);
      const verdict = classifyOrderError(error, firstReach);
      if (verdict === 'refused') {
        const failed = emit(ctx.store.markOrderFailed(row.idempotencyKey, desk.message));
        ctx.audit.record(runtime.profile.id, action, `${what} — refused: ${desk.message}`, 'error');
        return { row: failed, outcome: 'refused', error };
      }
      if (verdict === 'review') {
        ctx.audit.record(runtime.profile.id, action, `${what} — a repeat was refused (${desk.message}); needs review`, 'error');
        const reviewed = await toReview(runtime, row, REPLAY_REFUSED_MESSAGE);
        return { row: reviewed, outcome: reviewed.state === NEEDS_REVIEW ? 'review' : 'accepted', error };
      }
      if (verdict === 'session' && !sessionActive(runtime)) {
        // Says nothing about the order: it stays `sending` for the next sign-in.
        const note = `Not confirmed yet: ${desk.message} The desk sends it again with its idempotency key after the next sign-in.`;
        if (!resent) ctx.audit.record(runtime.profile.id, action, `${what} — no answer yet (${desk.kind}); will re-send with the same key after the next sign-in`, 'error');
        return { row: { ...row, error: note }, outcome: 'deferred', error };
      }
      // The row stays `sending`; the note only travels with the view returned to the operator.
      const note = `No answer from Kriptomat yet (${desk.message}); the desk keeps re-sending it with the same idempotency key.`;
      // Audited once, at placement; a re-send is audited when it finally gets an answer.
      if (!resent) ctx.audit.record(runtime.profile.id, action, `${what} — no answer yet (${desk.kind}); will re-send with the same key`, 'error');
      return { row: { ...row, error: note }, outcome: 'unanswered', error };
    }
  };

  /**
   * Moves a `sending` row to `needs_review`, then looks once for its transaction
   * among the user's newest ones. Never throws; resolves with the row as it ends.
   */
  const toReview = async (runtime: ProfileRuntime, row: JournalRow, reason: string): Promise<JournalRow> => {
    let current: JournalRow;
    try {
      current = ctx.store.markOrderNeedsReview(row.idempotencyKey, reason);
    } catch (error) {
      ctx.log.warn('order review: could not update the journal', { orderId: row.id, error });
      return row;
    }
    if (current.state !== NEEDS_REVIEW) return current;
    emit(current);
    return reconcile(runtime, current);
  };

  /**
   * A `needs_review` row: its transaction is looked for on the first page of the
   * user's transactions — same kind, pair and amount, dated after the row was
   * written, and not already some other journal row's. Exactly one such
   * transaction settles the row as accepted (then it is polled as usual);
   * none or several leave it for the operator. Never throws.
   */
  const reconcile = async (runtime: ProfileRuntime, row: JournalRow): Promise<JournalRow> => {
    try {
      const page = await runtime.api.userTransactions(row.userId, 1);
      const claimed = new Set(
        ctx.store
          .recentOrders(runtime.profile.id, { userId: row.userId, limit: 500 })
          .filter((other) => other.id !== row.id && other.transactionId !== null)
          .map((other) => other.transactionId),
      );
      const matches = page.transactions.filter((tx) => !claimed.has(tx.id) && looksLikeOrder(row, tx));
      if (matches.length !== 1) return row;
      const tx = matches[0]!;
      const accepted = emit(ctx.store.markOrderAccepted(row.idempotencyKey, tx.id));
      ctx.audit.record(
        runtime.profile.id,
        `order.${row.kind}`,
        `${describeOrder(row)} (order ${row.id}) — found as transaction ${tx.id} in the user's transactions after a refused repeat`,
        'ok',
      );
      watch(runtime, accepted);
      return accepted;
    } catch (error) {
      ctx.log.warn('order review: could not look through the user\'s transactions', { orderId: row.id, error });
      return row;
    }
  };

  const tooOldToResend = (row: JournalRow): boolean => ctx.timers.now() - row.createdAtMs > MAX_RESEND_AGE_MS;

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
          if (tooOldToResend(current)) {
            await toReview(runtime, current, TOO_OLD_TO_RESEND_MESSAGE);
            return;
          }
          const result = await send(runtime, current, true);
          if (result.outcome !== 'unanswered') return;
          current = result.row;
        }
      } finally {
        sendingNow.delete(row.id);
      }
    });
  };

  /**
   * Polls an accepted order's transaction until its state is final; the result
   * becomes the row's state. A state the desk does not know is polled until the
   * polling deadline, then kept as received and no longer watched.
   */
  const watch = (runtime: ProfileRuntime, row: JournalRow): void => {
    if (row.transactionId === null || pollingNow.has(row.id)) return;
    const transactionId = row.transactionId;
    pollingNow.add(row.id);
    const cache = (tx: Transaction): void => {
      try {
        ctx.store.upsertTransactions(runtime.profile.id, [tx]);
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
          cache(tx);
          emit(
            tx.state === 'failed'
              ? ctx.store.markOrderFailed(row.idempotencyKey, 'Kriptomat reports the transaction as failed; the funds were returned.')
              : isFailedOrderState(tx.state)
                ? ctx.store.markOrderFailed(row.idempotencyKey, `Kriptomat reports the transaction as ${tx.state}.`)
                : ctx.store.markOrderFinal(row.idempotencyKey, tx.state),
          );
          return;
        }
        if (unknown !== null && !runtime.stopped) {
          // A state the desk does not know, for the whole polling time: shown as received.
          // It is not final, so the next sign-in watches the row again.
          cache(unknown);
          try {
            emit(ctx.store.recordOrderState(row.idempotencyKey, unknown.state));
          } catch (error) {
            // A state the journal itself uses for work in flight (say "accepted"): left as it is.
            ctx.log.warn('order polling: could not record the transaction state', { orderId: row.id, transactionId, error });
            return;
          }
          ctx.log.warn('order polling: the transaction stays in a state the desk does not know', { orderId: row.id, transactionId, state: unknown.state });
        }
        // Still pending after a long time: stop watching; the next sign-in resumes it.
      } finally {
        pollingNow.delete(row.id);
      }
    });
  };

  /** Orders are bound to the environment the operator wrote them for. */
  const checkProfile = (runtime: ProfileRuntime, profileId: string): void => {
    if (profileId === runtime.profile.id) return;
    const ticketFor = ctx.settings.getProfile(profileId)?.name ?? profileId;
    const message = `This ticket was for ${ticketFor}, but the desk is now on ${runtime.profile.name}. Check the ticket and place it again.`;
    throw new DeskFailure('invalid_input', message, { fieldErrors: { profileId: [message] } });
  };

  const place = async (profileId: string, request: OrderRequest): Promise<OrderView> => {
    const runtime = ctx.runtime();
    // Before anything is written or sent: not even the audit log hears of an order for another environment.
    checkProfile(runtime, profileId);
    let checked: CheckedOrder;
    try {
      checked = await checkOrder(request, {
        pairs: () => cachedPairs(runtime),
        // A check only reads: the user is not written to the directory from here.
        user: (userId) => runtime.api.showUser(userId),
        balance: async (userId, currency) => (await runtime.api.userBalance(userId, currency)).balance,
        prices: (pair) => latestRate(ctx, runtime, pair, ctx.tuning.rateFreshMs),
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

    neverReached.add(row.id);
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
      const profileId = runtime.profile.id;
      for (const row of ctx.store.pendingSends(profileId)) {
        if (!tooOldToResend(row)) {
          resendInBackground(runtime, row, true);
        } else if (!sendingNow.has(row.id)) {
          sendingNow.add(row.id);
          runtime.spawn(`review of order ${row.id}`, async () => {
            try {
              await toReview(runtime, row, TOO_OLD_TO_RESEND_MESSAGE);
            } finally {
              sendingNow.delete(row.id);
            }
          });
        }
      }
      for (const row of ctx.store.awaitingSettlement(profileId)) watch(runtime, row);
      // Rows waiting for review get one more look for their transaction (while it can still be on the first page).
      for (const row of ctx.store.recentOrders(profileId, { states: [NEEDS_REVIEW], limit: 50 })) {
        if (tooOldToResend(row) || sendingNow.has(row.id)) continue;
        sendingNow.add(row.id);
        runtime.spawn(`review of order ${row.id}`, async () => {
          try {
            await reconcile(runtime, row);
          } finally {
            sendingNow.delete(row.id);
          }
        });
      }
    },
    handlers: {
      'orders.place': async ({ profileId, userId, side, pair, amount, overrideLimit }) =>
        place(profileId, { kind: side, userId, pair, amount, bankAccountId: null, overrideLimit: overrideLimit ?? false }),
      'orders.withdraw': async ({ profileId, userId, bankAccountId, amount, overrideLimit }) =>
        place(profileId, { kind: 'withdraw', userId, pair: null, amount, bankAccountId, overrideLimit: overrideLimit ?? false }),
      'orders.list': async ({ userId, limit }) =>
        ctx.store.recentOrders(ctx.runtime().profile.id, { ...(userId !== undefined ? { userId } : {}), limit: limit ?? 100 }).map(orderView),
    },
  };
}
