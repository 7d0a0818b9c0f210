// Sending a journal row and reading what the answer means for the order.
//
// accepted → `accepted` + transaction id, then watched until final; refused (4xx)
// by the order endpoint on a send that was certainly the first to reach Kriptomat
// → `failed` + reason; refused when an earlier send may already have gone through
// (a replay, a re-send, a row found on start) → `needs_review` (review.ts);
// no answer after the client's retries → stays `sending` and is re-sent in the
// background, with the same key, until Kriptomat answers — and on every later
// sign-in, which covers a restart after a crash; the session refusing (signed
// out, sign-in refused) → stays `sending` until the next sign-in.
import type { DeskErrorKind } from '../../../shared/desk-api';
import type { OrderAccepted } from '../../../shared/kriptomat';
import { NEEDS_REVIEW } from '../../../shared/order-states';
import { DeskFailure, toDeskError } from '../../errors';
import { KriptomatError, type KriptomatErrorKind } from '../../kriptomat/errors';
import type { AuthorizedApi } from '../../session';
import { describeOrder, emitOrder, stillIn, type OrderFlow } from './flight';
import { noteBooked } from './check-reads';
import { toReview } from './review';
import { watchUntilFinal } from './watch';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalRow } from '../../store/port';

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

export const REPLAY_REFUSED_MESSAGE =
  "Kriptomat refused a repeat of this order, so the first attempt may have gone through. Check the user's transactions before placing it again.";
export const TOO_OLD_TO_RESEND_MESSAGE =
  "This order was never confirmed and is over 24 hours old, so the desk no longer re-sends it (Kriptomat may have forgotten its idempotency key). Check the user's transactions before placing it again.";

/** How one send of an order ended, from the error it threw. */
export type Verdict = 'refused' | 'review' | 'session' | 'unanswered';

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
  if (
    error instanceof KriptomatError ||
    kind === 'signed_out' ||
    kind === 'unauthenticated' ||
    (error as { name?: unknown } | null)?.name === 'SessionError'
  ) {
    return 'session';
  }
  // Our own bug (or a journal error): keep the row for a later re-send rather than guessing.
  return 'unanswered';
}

/**
 * How a send ended. `deferred`: not sent, or stopped by the session (signed out,
 * sign-in refused); the next sign-in resumes it. `review`: may or may not have
 * taken effect.
 */
export interface SendOutcome {
  row: JournalRow;
  outcome: 'accepted' | 'refused' | 'review' | 'unanswered' | 'deferred';
  error?: unknown;
}

function post(api: AuthorizedApi, row: JournalRow): Promise<OrderAccepted> {
  // The journal refuses such rows when they are written; no fallback id or pair is ever sent.
  if (row.kind === 'withdraw') {
    if (row.bankAccountId === null) throw new DeskFailure('internal', `Order ${row.id} is a withdrawal without a bank account.`);
    return api.withdraw(row.userId, { amount: row.amount, bank_account_id: row.bankAccountId, idempotency_key: row.idempotencyKey });
  }
  if (row.pair === null) throw new DeskFailure('internal', `Order ${row.id} is a ${row.kind} without a pair.`);
  const body = { amount: row.amount, pair: row.pair, idempotency_key: row.idempotencyKey };
  return row.kind === 'buy' ? api.buy(row.userId, body) : api.sell(row.userId, body);
}

function sessionActive(runtime: ProfileRuntime): boolean {
  const state = runtime.session.snapshot().state;
  return !runtime.stopped && (state === 'active' || state === 'refreshing');
}

export interface SendOptions {
  /** A background re-send (audited only once it gets an answer), not the placement. */
  resent: boolean;
  /**
   * Turns the order endpoint's refusal of a first send into the operator's reason
   * (the placement re-runs the checks on fresh reads, so a refusal for funds, KYC
   * or an inactive user reads exactly as the check would have put it); resolves
   * with the error to report, the refusal itself when nothing explains it better.
   */
  explainRefusal?: (refusal: unknown) => Promise<unknown>;
}

/** One send of a journal row (with the client's own retries). Never throws. */
export async function sendOnce(
  flow: OrderFlow,
  runtime: ProfileRuntime,
  row: JournalRow,
  { resent, explainRefusal }: SendOptions,
): Promise<SendOutcome> {
  const { ctx, flight } = flow;
  const action = `order.${row.kind}` as const;
  const what = `${resent ? 're-sent ' : ''}${describeOrder(row)} (order ${row.id})`;
  if (!runtime.signedIn) {
    // Refused before anything left the process (signed out, profile switched).
    const note = 'Not sent yet: the environment is signed out. The desk sends it with its idempotency key after the next sign-in.';
    const error = new DeskFailure('signed_out', `You are signed out of ${runtime.profile.name}. Sign in and try again.`);
    return { row: { ...row, error: note }, outcome: 'deferred', error };
  }
  const api = runtime.api;
  const firstReach = flight.isUnsent(row.id);
  // Balance reads of the user while the order is out may or may not include it: not kept.
  const sent = runtime.reads.orderSending(row.userId);
  try {
    const { transaction_id } = await post(api, row);
    flight.markSent(row.id);
    // Booked by this very call: taken off the balance read before it. A re-send may
    // have been booked long ago, so the user's balances are read again instead.
    if (firstReach) noteBooked(ctx, runtime, row);
    else runtime.reads.forgetBalances(row.userId, ctx.timers.now());
    sent();
    // Not fsync'd on its own (it goes with the next durable journal write): if a power
    // cut loses it, the row is still `sending`, durably, and its re-send with the
    // same key is answered with this transaction id. The operator does not wait for the disk twice.
    const accepted = emitOrder(flow, await ctx.store.markOrderAccepted(row.idempotencyKey, transaction_id, { fsync: false }));
    await ctx.audit.record(runtime.profile.id, action, `${what} — accepted as transaction ${transaction_id}`, 'ok');
    watchUntilFinal(flow, runtime, accepted);
    return { row: accepted, outcome: 'accepted' };
  } catch (error) {
    flight.markSent(row.id);
    // Whatever the answer, the user's kept balances may no longer be what Kriptomat holds.
    runtime.reads.forgetBalances(row.userId, ctx.timers.now());
    sent();
    const desk = toDeskError(error);
    const verdict = classifyOrderError(error, firstReach);
    if (verdict === 'refused') {
      // Kriptomat's refusal is the final word; what the desk kept of the user let the order through, so it goes.
      runtime.reads.forgetUser(row.userId, ctx.timers.now());
      const reason = explainRefusal ? await explainRefusal(error).catch(() => error) : error;
      const message = toDeskError(reason).message;
      let failed: JournalRow;
      try {
        failed = emitOrder(flow, await ctx.store.markOrderFailed(row.idempotencyKey, message));
      } catch (recordError) {
        // The refusal could not be written: in a team, another desk took the row over after
        // this desk's lease ran out (only the holder records an outcome), or the database is
        // away. The row stays as the store has it; whoever sends it next uses the same key and
        // meets the same refusal. The operator still reads Kriptomat's refusal, and this desk
        // stops sending the row (sendOnce never throws).
        ctx.log.warn('order: a refusal could not be recorded', { order: row.id, error: recordError });
        return { row: { ...row, error: message }, outcome: 'refused', error: reason };
      }
      await ctx.audit.record(runtime.profile.id, action, `${what} — refused: ${message}`, 'error');
      return { row: failed, outcome: 'refused', error: reason };
    }
    if (verdict === 'review') {
      await ctx.audit.record(runtime.profile.id, action, `${what} — a repeat was refused (${desk.message}); needs review`, 'error');
      const reviewed = await toReview(flow, runtime, row, REPLAY_REFUSED_MESSAGE);
      return { row: reviewed, outcome: reviewed.state === NEEDS_REVIEW ? 'review' : 'accepted', error };
    }
    if (verdict === 'session' && !sessionActive(runtime)) {
      // Says nothing about the order: it stays `sending` for the next sign-in.
      const note = `Not confirmed yet: ${desk.message} The desk sends it again with its idempotency key after the next sign-in.`;
      if (!resent)
        await ctx.audit.record(
          runtime.profile.id,
          action,
          `${what} — no answer yet (${desk.kind}); will re-send with the same key after the next sign-in`,
          'error',
        );
      return { row: { ...row, error: note }, outcome: 'deferred', error };
    }
    // The row stays `sending`; the note only travels with the view returned to the operator.
    const note = `No answer from Kriptomat yet (${desk.message}); the desk keeps re-sending it with the same idempotency key.`;
    // Audited once, at placement; a re-send is audited when it finally gets an answer.
    if (!resent)
      await ctx.audit.record(runtime.profile.id, action, `${what} — no answer yet (${desk.kind}); will re-send with the same key`, 'error');
    return { row: { ...row, error: note }, outcome: 'unanswered', error };
  }
}

/** Counted from when the row could first be sent: its writing, or for an approved proposal its approval. */
export function tooOldToResend(flow: OrderFlow, row: JournalRow): boolean {
  return flow.ctx.timers.now() - (row.approvedAtMs ?? row.createdAtMs) > MAX_RESEND_AGE_MS;
}

/**
 * Keeps re-sending a `sending` row with backoff until Kriptomat answers, the
 * profile signs out or the runtime stops. `now`: the first send goes at once
 * (a row found on start); otherwise it waits first (the client just gave up).
 * `recheck`: the row comes from a list read earlier, so once held it is read
 * again and left alone unless it is still `sending`.
 */
export function resendInBackground(
  flow: OrderFlow,
  runtime: ProfileRuntime,
  row: JournalRow,
  now: boolean,
  { recheck = false } = {},
): void {
  const { ctx, flight } = flow;
  // A stopped runtime runs nothing: taking the row then would keep it from the next sign-in's resume.
  if (runtime.stopped || !flight.take(row.id)) return;
  runtime.spawn(`re-send of order ${row.id}`, async () => {
    let delay = ctx.tuning.orderResendBaseMs;
    let current = row;
    try {
      if (recheck) {
        const fresh = await stillIn(flow, row, 'sending');
        if (!fresh) return;
        current = fresh;
      }
      for (let first = now; ; first = false) {
        if (!first) {
          // Kriptomat answering again ends the back-off: the order goes at once, the next wait starts small.
          const woke = await runtime.sleepUntilBack(delay);
          if (woke === 'stopped') return;
          delay = woke === 'back' ? ctx.tuning.orderResendBaseMs : Math.min(ctx.tuning.orderResendMaxMs, delay * 2);
        }
        if (tooOldToResend(flow, current)) {
          await toReview(flow, runtime, current, TOO_OLD_TO_RESEND_MESSAGE);
          return;
        }
        // In a team another desk may have taken the row over while we waited (our lease
        // ran out): then it is that desk's to send, never ours as well.
        const leases = ctx.store.leases?.shared(current.profileId) ? ctx.store.leases : null;
        if (leases && !(await leases.hold(current.idempotencyKey))) {
          ctx.log.info(`order ${current.id} is held by another desk now; this desk stops re-sending it`);
          return;
        }
        const result = await sendOnce(flow, runtime, current, { resent: true });
        if (result.outcome !== 'unanswered') return;
        current = result.row;
      }
    } finally {
      flight.release(row.id);
    }
  });
}
