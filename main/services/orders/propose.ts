// Team orders under the approval policy (issue 13). After its checks, an order
// on a shared profile is shown to the team database's policy: when a rule
// matches (the strictest, as the database picks it) the order is journaled as a
// proposal awaiting approval — its idempotency key minted with the row — and
// nothing is sent. The database audits the proposal itself. Once approved, the
// row is `sending` without a lease: the desk that claims it checks the order
// again on fresh reads before its first send (sendApproved).
import type { OrderView } from '../../../shared/desk-api';
import { DeskFailure } from '../../errors';
import { TeamApprovalRefusedError } from '../../store/errors';
import { approvalsOf } from '../approvals/access';
import { latestRate, rateMaxAgeMs } from '../market/market';
import type { CheckedOrder } from './checks';
import { emitOrder, type OrderFlow } from './flight';
import { checkBeforeDeferredSend } from './hold';
import { resendInBackground, sendOnce } from './send';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalRow } from '../../store/port';
import { orderView } from '../common/views';

/** The pair's rate an order of this kind is valued at: what a buy pays, what a sell gets. */
export async function orderRate(flow: OrderFlow, runtime: ProfileRuntime, kind: string, pair: string | null): Promise<string | null> {
  if (pair === null || kind === 'withdraw') return null;
  const rate = await latestRate(flow.ctx, runtime, pair, rateMaxAgeMs(flow.ctx));
  return kind === 'buy' ? rate.priceBuy : rate.priceSell;
}

/** Journals a checked order as a proposal when a rule of the team's policy asks for approval; null when none does (send it). */
export async function proposeIfRuled(
  flow: OrderFlow,
  runtime: ProfileRuntime,
  profileId: string,
  order: CheckedOrder,
): Promise<OrderView | null> {
  const { ctx } = flow;
  const approvals = approvalsOf(ctx, profileId);
  if (!approvals) return null;
  // Counted from when any desk of the team first knew the account (the database's clock).
  const age =
    order.kind === 'withdraw' && order.bankAccountId !== null
      ? await approvals.bankAccountAgeHours(profileId, order.userId, order.bankAccountId)
      : null;
  // Valued by the database as desk.begin_order values it (a sell at the rate the team's desks
  // recorded), so an order this finds no rule for is one begin_order lets through.
  const rule = await approvals.matchRule(profileId, order.kind, order.eurValue, age, { pair: order.pair, amount: order.amount });
  if (!rule) return null;
  let row: JournalRow;
  try {
    row = await approvals.propose({
      profileId,
      userId: order.userId,
      kind: order.kind,
      pair: order.pair,
      amount: order.amount,
      bankAccountId: order.bankAccountId,
      rateAtProposal: await orderRate(flow, runtime, order.kind, order.pair),
      bankAccountAgeHours: age,
    });
  } catch (error) {
    // The rule went (an admin changed the policy) between the two questions: an ordinary order then.
    if (error instanceof TeamApprovalRefusedError && error.refusal === 'no-rule') return null;
    throw error;
  }
  emitOrder(flow, row);
  ctx.approvalsAnnouncer.announce(profileId);
  return orderView(row);
}

/**
 * An approved proposal this desk claimed and that no desk has tried to send yet:
 * the checks of any order (KYC, status, balance) run again on fresh reads, then
 * it is sent as a first send. One a dead desk may have sent is re-sent as any
 * such row (its key makes that safe). Returns false for a row that is not an approved proposal.
 */
export function sendApproved(flow: OrderFlow, runtime: ProfileRuntime, row: JournalRow): boolean {
  if (row.approvedAtMs == null || row.sendAttempts !== 1) return false;
  const { flight } = flow;
  if (runtime.stopped || !flight.take(row.id)) return true;
  let unanswered: JournalRow | null = null;
  const leases = flow.ctx.store.leases;
  runtime.spawn(`send of approved order ${row.id}`, async () => {
    try {
      for (;;) {
        const ready = await checkBeforeDeferredSend(flow, runtime, row, 'its approval');
        if (ready === 'failed') return;
        if (ready === 'ready') break;
        // Signed out or the API away: checked again later under this desk's lease, so no
        // other desk takes it over as a row that may have been sent (and skips the checks).
        if (!(await runtime.sleep(flow.ctx.tuning.orderClaimSweepMs))) return;
        if (leases && !(await leases.hold(row.idempotencyKey))) return;
      }
      flight.markUnsent(row.id);
      const result = await sendOnce(flow, runtime, row, { resent: false });
      if (result.outcome === 'unanswered') unanswered = result.row;
    } finally {
      flight.release(row.id);
      if (unanswered) resendInBackground(flow, runtime, unanswered, false);
    }
  });
  return true;
}

export function notAProposal(orderId: string): DeskFailure {
  return new DeskFailure('not_found', `There is no proposal ${orderId} here.`);
}
