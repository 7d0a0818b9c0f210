// Buy, sell and withdraw, exactly once. This file wires the service; the parts:
//
// 1. checks (checks.ts) — nothing is sent for an order that fails one;
// 2. a journal row with a fresh idempotency_key, state `sending`, written BEFORE
//    the POST, so a crash at any later point leaves a record of what may have gone;
// 3. the POST and what its answer means (send.ts): accepted, refused,
//    needs review, or no answer yet (re-sent in the background with the same key);
// 4. rows that need review (review.ts): a refused repeat may hide a booked
//    order, so the desk looks for it among the user's transactions, and the
//    operator can settle it by hand (`orders.settle`);
// 5. the transaction is polled until its state is final, which becomes the row's
//    state (watch.ts).
//
// The key makes every re-send safe: Kriptomat answers a repeated key with the
// first result, so an order takes effect once however often it is sent. But the
// reference allows a repeated key to be refused (409/422), and a key may be
// forgotten after a while: so a refusal of a repeat is never taken as "did not
// happen" (see review.ts).
import type { OrderView } from '../../../shared/desk-api';
import { HELD, NEEDS_REVIEW } from '../../../shared/order-states';
import { DeskFailure, toDeskError } from '../../errors';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { checkOrder, type CheckedOrder, type OrderRequest } from './checks';
import { describeOrder, emitOrder, OrdersInFlight, stillIn, type OrderFlow } from './flight';
import { ensureJournalWritable } from '../common/journal-gate';
import { cancelHeld, holdUntilFor, releaseWhenDue } from './hold';
import { orderCheckReads } from './check-reads';
import { proposeIfRuled, sendApproved } from './propose';
import { reconcile, settleByHand, settleCandidates, toReview } from './review';
import { resendInBackground, sendOnce, tooOldToResend, TOO_OLD_TO_RESEND_MESSAGE, type SendOutcome } from './send';
import { watchUntilFinal } from './watch';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalLeases, JournalRow } from '../../store/port';
import { orderView } from '../common/views';

export { classifyOrderError, MAX_RESEND_AGE_MS, REPLAY_REFUSED_MESSAGE, TOO_OLD_TO_RESEND_MESSAGE } from './send';

export interface OrderService {
  handlers: HandlersOf<'orders'>;
  /** Re-sends the profile's `sending` rows and resumes polling its `accepted` ones (after every sign-in). */
  resume(runtime: ProfileRuntime): void;
  /** Team: claims the profile's unheld `sending` rows now (an approval just released one) and sends them. */
  claimReleased(runtime: ProfileRuntime): Promise<void>;
}

/** Orders are bound to the environment the operator wrote them for. */
function checkProfile(ctx: ServiceContext, runtime: ProfileRuntime, profileId: string): void {
  if (profileId === runtime.profile.id) return;
  const ticketFor = ctx.settings.getProfile(profileId)?.name ?? profileId;
  const message = `This ticket was for ${ticketFor}, but the desk is now on ${runtime.profile.name}. Check the ticket and place it again.`;
  throw new DeskFailure('invalid_input', message, { fieldErrors: { profileId: [message] } });
}

/**
 * Runs `work` on a listed row in the background while holding it, unless
 * something else already has it or the row has left `state` since it was listed.
 */
function spawnHolding(
  flow: OrderFlow,
  runtime: ProfileRuntime,
  row: JournalRow,
  state: string,
  name: string,
  work: (current: JournalRow) => Promise<unknown>,
): void {
  // A stopped runtime runs nothing: taking the row then would keep it from the next sign-in's resume.
  if (runtime.stopped || !flow.flight.take(row.id)) return;
  runtime.spawn(name, async () => {
    try {
      const current = await stillIn(flow, row, state);
      if (current) await work(current);
    } finally {
      flow.flight.release(row.id);
    }
  });
}

/**
 * Kriptomat refused the first send of an order that passed the checks, so what
 * the checks read was out of date: they run again on fresh reads, and a check
 * that now fails (funds, KYC, an inactive user, a bank account) is the reason the
 * operator reads — the same words as when the check stops an order before
 * sending. The limit is not the refusal's reason; otherwise the refusal stands.
 */
async function explainRefusal(ctx: ServiceContext, runtime: ProfileRuntime, request: OrderRequest, refusal: unknown): Promise<unknown> {
  try {
    await checkOrder(request, orderCheckReads(ctx, runtime, { fresh: true }));
  } catch (failure) {
    if (failure instanceof DeskFailure && failure.kind !== 'limit_exceeded') return failure;
  }
  return refusal;
}

/** At most this many rows are claimed by one resume; the rest wait for the next one. */
const MAX_CLAIMS_PER_RESUME = 500;

/** Claims the profile's unheld `sending` rows one by one, oldest first. */
async function claimAll(leases: JournalLeases, profileId: string): Promise<JournalRow[]> {
  const claimed: JournalRow[] = [];
  while (claimed.length < MAX_CLAIMS_PER_RESUME) {
    const row = await leases.claim(profileId);
    if (!row) break;
    claimed.push(row);
  }
  return claimed;
}

export function createOrderService(ctx: ServiceContext): OrderService {
  const flow: OrderFlow = { ctx, flight: new OrdersInFlight() };

  const place = async (profileId: string, request: OrderRequest): Promise<OrderView> => {
    const runtime = ctx.runtime();
    // Before anything is written or sent: not even the audit log hears of an order for another environment.
    checkProfile(ctx, runtime, profileId);
    // Refused before the checks read anything: without the journal nothing may be sent.
    await ensureJournalWritable(ctx, profileId);
    let checked: CheckedOrder;
    try {
      // The user and balance as the ticket shows them while fresh; the rest read now, in parallel.
      checked = await checkOrder(request, orderCheckReads(ctx, runtime));
    } catch (error) {
      const draft = {
        kind: request.kind,
        amount: request.amount.trim(),
        pair: request.pair,
        userId: request.userId,
        bankAccountId: request.bankAccountId,
      };
      await ctx.audit.record(
        profileId,
        `order.${request.kind}`,
        `${describeOrder(draft)} — not sent: ${toDeskError(error).message}`,
        'error',
      );
      throw error;
    }

    // In a team, an order a rule of the policy covers waits for approval instead of going (propose.ts).
    const proposed = await proposeIfRuled(flow, runtime, profileId, checked);
    if (proposed) return proposed;

    // A withdrawal to a bank account new to the desk waits out the cool-off (hold.ts).
    const holdUntilMs = await holdUntilFor(flow, profileId, checked);
    // Durable before anything leaves the process: this row is what makes a crash
    // recoverable. Awaited before the POST; the store mints its idempotency key.
    // Taken as it is written, so a resume running meanwhile leaves it to us.
    const row = emitOrder(
      flow,
      await flow.flight.placeRow(() =>
        ctx.store.beginOrder({
          profileId,
          userId: checked.userId,
          kind: checked.kind,
          pair: checked.pair,
          amount: checked.amount,
          bankAccountId: checked.bankAccountId,
          ...(holdUntilMs !== null ? { holdUntilMs } : {}),
        }),
      ),
    );
    if (row.state === HELD) {
      flow.flight.release(row.id);
      const until = new Date(holdUntilMs ?? 0).toISOString();
      await ctx.audit.record(
        profileId,
        `order.${row.kind}`,
        `${describeOrder(row)} (order ${row.id}) — held until ${until}: the bank account is new to the desk`,
        'ok',
      );
      releaseWhenDue(flow, runtime, row);
      return orderView(row);
    }

    let result: SendOutcome;
    try {
      result = await sendOnce(flow, runtime, row, {
        resent: false,
        explainRefusal: (refusal) => explainRefusal(ctx, runtime, request, refusal),
      });
    } finally {
      flow.flight.release(row.id);
    }
    if (result.outcome === 'refused') throw result.error;
    // Handed over without an await in between, so a concurrent resume cannot slip in.
    if (result.outcome === 'unanswered') resendInBackground(flow, runtime, result.row, false);
    return orderView(result.row);
  };

  /** Re-sends a row found `sending`, or hands it to review when it is too old to re-send safely. */
  const resendPending = (runtime: ProfileRuntime, row: JournalRow): void => {
    // An approved proposal never sent yet: checked again, then sent as a first send.
    if (!tooOldToResend(flow, row) && sendApproved(flow, runtime, row)) return;
    if (!tooOldToResend(flow, row)) resendInBackground(flow, runtime, row, true, { recheck: true });
    else
      spawnHolding(flow, runtime, row, 'sending', `review of order ${row.id}`, (current) =>
        toReview(flow, runtime, current, TOO_OLD_TO_RESEND_MESSAGE),
      );
  };

  /** Runtimes already sweeping for rows whose sender died: one sweep per runtime however often it signs in. */
  const sweeping = new WeakSet<ProfileRuntime>();
  /** In a team, a lease may run out long after sign-in (another desk died mid-send): claimed again every so often. */
  const sweepForAbandonedRows = (runtime: ProfileRuntime, leases: JournalLeases): void => {
    if (sweeping.has(runtime) || runtime.stopped) return;
    sweeping.add(runtime);
    runtime.spawn('sweep for orders another desk left unsent', async () => {
      while (await runtime.sleep(ctx.tuning.orderClaimSweepMs)) {
        if (!runtime.signedIn) continue;
        try {
          for (const row of await claimAll(leases, runtime.profile.id)) resendPending(runtime, row);
        } catch (error) {
          // The team database away for a moment must not end the sweep for good.
          ctx.log.warn('claiming orders other desks left unsent failed; trying again later', { error });
        }
      }
    });
  };

  return {
    async claimReleased(runtime) {
      const leases = ctx.store.leases?.shared(runtime.profile.id) ? ctx.store.leases : null;
      if (!leases || runtime.stopped) return;
      for (const row of await claimAll(leases, runtime.profile.id)) resendPending(runtime, row);
    },
    resume(runtime) {
      const profileId = runtime.profile.id;
      runtime.spawn('resume of the order journal', async () => {
        // In a team the journal's `sending` rows may be another desk's, still being sent:
        // only rows this desk claims (no holder, or a lease that ran out) are sent here.
        const leases = ctx.store.leases?.shared(profileId) ? ctx.store.leases : null;
        const pending = leases ? await claimAll(leases, profileId) : await ctx.store.pendingSends(profileId);
        const awaiting = await ctx.store.awaitingSettlement(profileId);
        const review = await ctx.store.recentOrders(profileId, { states: [NEEDS_REVIEW], limit: 50 });
        const held = ctx.store.holds?.available(profileId) ? await ctx.store.holds.held(profileId) : [];
        // A row a placement wrote while these were read is that placement's to send.
        await flow.flight.placementsWritten();
        for (const row of pending) resendPending(runtime, row);
        for (const row of awaiting) watchUntilFinal(flow, runtime, row);
        for (const row of held) releaseWhenDue(flow, runtime, row);
        // Rows waiting for review get one more look for their transaction, for a day
        // (each look pages back to the row's time); older ones are the operator's to settle.
        for (const row of review) {
          if (tooOldToResend(flow, row)) continue;
          spawnHolding(flow, runtime, row, NEEDS_REVIEW, `review of order ${row.id}`, (current) => reconcile(flow, runtime, current));
        }
        if (leases) sweepForAbandonedRows(runtime, leases);
      });
    },
    handlers: {
      'orders.place': async ({ profileId, userId, side, pair, amount, overrideLimit }) =>
        place(profileId, { kind: side, userId, pair, amount, bankAccountId: null, overrideLimit: overrideLimit ?? false }),
      'orders.withdraw': async ({ profileId, userId, bankAccountId, amount, overrideLimit }) =>
        place(profileId, { kind: 'withdraw', userId, pair: null, amount, bankAccountId, overrideLimit: overrideLimit ?? false }),
      'orders.list': async ({ userId, limit }) =>
        (await ctx.store.recentOrders(ctx.runtime().profile.id, { ...(userId !== undefined ? { userId } : {}), limit: limit ?? 100 })).map(
          orderView,
        ),
      'orders.cancelHeld': async ({ orderId }) => orderView(await cancelHeld(flow, ctx.runtime(), orderId)),
      'orders.reviewCandidates': async ({ orderId }) => settleCandidates(flow, ctx.runtime(), orderId),
      'orders.settle': async ({ orderId, ...decision }) => orderView(await settleByHand(flow, ctx.runtime(), orderId, decision)),
    },
  };
}
