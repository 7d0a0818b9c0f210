// approvals.* — the queue of proposals and the decisions on them (issue 13). The
// team database judges who may decide (not the proposer, not twice, only
// approvers, not once expired or rejected) and refuses in its own words; the desk
// adds what an approver needs to decide — the user, their balance, the rate now
// beside the rate at proposal — and one rule of its own: an approval after the
// rate moved more than the team's limit must confirm the new rate. An approval
// that releases the order is claimed by this desk at once and sent after the
// checks of any order; the lease keeps it to one desk. The proposer may withdraw
// their own pending proposal (approvals.withdraw): it ends rejected, never sent
// or done. Solo has no approvals.
import type { ApprovalDecisionView, ProposalView } from '../../../shared/api/approvals';
import type { RateView } from '../../../shared/desk-api';
import { dec } from '../../../shared/money';
import { orderCurrency } from '../../../shared/pairs';
import { DeskFailure } from '../../errors';
import { accountChangeView, performApproved, performUnperformed } from '../users/account-changes';
import { approvalsOf, needsTeam, whoami } from './access';
import { rateFor, readForQueue, sideOf, type QueueReads } from './reads';
import { certainlyRefused, changeDecidable, decidable, mayWithdraw, whyNot } from './standing';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalApprovals, TeamAccountChange, TeamProposal } from '../../store/port';
import { orderView } from '../common/views';

export interface ApprovalService {
  handlers: HandlersOf<'approvals'>;
  /**
   * While the runtime is signed in (shared profiles only): expires overdue
   * proposals every minute, and does approved account changes no desk is doing.
   */
  watch(runtime: ProfileRuntime): void;
}

export interface ApprovalServiceOptions {
  /** Claims and sends the rows an approval released (the order service's lease path). */
  claimReleased(runtime: ProfileRuntime): Promise<void>;
}

const EXPIRY_SWEEP_MS = 60_000;

/** Signed percent from `from` to `to`, 2 places; null when either is unknown. */
export function rateChangePercent(from: string | null, to: string | null): string | null {
  if (from === null || to === null || dec(from).isZero()) return null;
  return dec(to).minus(from).div(from).times(100).toDecimalPlaces(2).toFixed(2);
}

export function createApprovalService(ctx: ServiceContext, options: ApprovalServiceOptions): ApprovalService {
  const required = (): { runtime: ProfileRuntime; profileId: string; approvals: JournalApprovals } => {
    const runtime = ctx.runtime();
    const approvals = approvalsOf(ctx, runtime.profile.id);
    if (!approvals) throw needsTeam();
    return { runtime, profileId: runtime.profile.id, approvals };
  };

  /**
   * What the cards of pending proposals and account changes show beside them, read
   * once per listing (each user, balance and pair once); `rates`: pairs read already.
   */
  const readsFor = (
    runtime: ProfileRuntime,
    proposals: TeamProposal[],
    changes: TeamAccountChange[],
    rates?: ReadonlyMap<string, RateView>,
  ): Promise<QueueReads> => {
    const pending = proposals.filter((p) => p.approvalState === 'pending');
    return readForQueue(
      ctx,
      runtime,
      {
        users: [...pending.map((p) => p.userId), ...changes.filter((c) => c.approvalState === 'pending').map((c) => c.userId)],
        balances: pending.map((p) => ({ userId: p.userId, currency: orderCurrency(p.kind, p.pair) })),
        pairs: pending.flatMap((p) => (p.pair !== null && p.kind !== 'withdraw' ? [p.pair] : [])),
      },
      rates,
    );
  };

  /** Views of proposals; the user, balance and rate (read for the pending ones) from `reads`. */
  const views = async (
    runtime: ProfileRuntime,
    approvals: JournalApprovals,
    proposals: TeamProposal[],
    reads: QueueReads,
  ): Promise<ProposalView[]> => {
    const me = await whoami(runtime, approvals);
    return proposals.map((p): ProposalView => {
      const currency = orderCurrency(p.kind, p.pair);
      const pending = p.approvalState === 'pending';
      const user = pending ? reads.user(p.userId) : null;
      const balance = pending ? reads.balance(p.userId, currency) : null;
      const rateNow = pending ? reads.rate(p.kind, p.pair) : null;
      const now = ctx.timers.now();
      const why = whyNot(decidable(p), me, now);
      return {
        orderId: p.id,
        kind: p.kind,
        userId: p.userId,
        pair: p.pair,
        amount: p.amount,
        bankAccountId: p.bankAccountId,
        valueEur: dec(p.valueEur).toDecimalPlaces(2).toFixed(2),
        change: null,
        state: p.approvalState,
        proposedBy: p.proposedBy,
        proposedAtMs: p.proposedAtMs,
        expiresAtMs: p.rule.expiresAtMs,
        rule: {
          id: p.rule.id,
          action: p.kind,
          thresholdEur: p.rule.thresholdEur,
          newAccountHours: p.rule.newAccountHours,
          approvalsNeeded: p.rule.approvalsNeeded,
        },
        approvals: p.approvals,
        decisions: p.decisions.map((d): ApprovalDecisionView => ({
          approver: d.approver,
          decision: d.decision,
          reason: d.reason,
          rate: d.rate,
          atMs: d.atMs,
        })),
        rateAtProposal: p.rateAtProposal,
        rateNow,
        rateChangePercent: rateChangePercent(p.rateAtProposal, rateNow),
        user,
        balance,
        balanceCurrency: currency,
        mayDecide: why === null,
        whyNot: why,
        mayWithdraw: mayWithdraw(decidable(p), me, now),
      };
    });
  };

  /** Views of proposed account changes: the user (from `reads`) for pending ones; no balance or rate. */
  const changeViews = async (
    runtime: ProfileRuntime,
    approvals: JournalApprovals,
    changes: TeamAccountChange[],
    reads: QueueReads,
  ): Promise<ProposalView[]> => {
    const me = await whoami(runtime, approvals);
    return changes.map((c): ProposalView => {
      const user = c.approvalState === 'pending' ? reads.user(c.userId) : null;
      const now = ctx.timers.now();
      const why = whyNot(changeDecidable(c), me, now);
      return {
        orderId: c.id,
        kind: c.action,
        userId: c.userId,
        pair: null,
        amount: null,
        bankAccountId: null,
        valueEur: null,
        change: accountChangeView(c),
        state: c.approvalState,
        proposedBy: c.proposedBy,
        proposedAtMs: c.proposedAtMs,
        expiresAtMs: c.expiresAtMs,
        rule: { id: c.ruleId, action: c.action, thresholdEur: null, newAccountHours: null, approvalsNeeded: c.approvalsNeeded },
        approvals: c.approvals,
        decisions: c.decisions.map((d): ApprovalDecisionView => ({
          approver: d.approver,
          decision: d.decision,
          reason: d.reason,
          rate: null,
          atMs: d.atMs,
        })),
        rateAtProposal: null,
        rateNow: null,
        rateChangePercent: null,
        user,
        balance: null,
        balanceCurrency: '',
        mayDecide: why === null,
        whyNot: why,
        mayWithdraw: mayWithdraw(changeDecidable(c), me, now),
      };
    });
  };

  /** Decides on a proposed account change; an approval that releases it is done here at once, once. */
  const decideChange = async (
    runtime: ProfileRuntime,
    approvals: JournalApprovals,
    change: TeamAccountChange,
    input: { decision: 'approve' | 'reject'; reason?: string },
  ): Promise<ProposalView> => {
    const profileId = runtime.profile.id;
    let decided = await approvals.decideChange(
      profileId,
      change.id,
      input.decision,
      input.decision === 'reject' ? (input.reason ?? null) : null,
    );
    ctx.approvalsAnnouncer.announce(profileId);
    if (decided.state === 'approved') decided = await performApproved(ctx, runtime, decided);
    return (await changeViews(runtime, approvals, [decided], await readsFor(runtime, [], [decided])))[0]!;
  };

  /**
   * Refuses an approval whose rate moved more than the team allows unless the approver
   * confirmed the rate now; the refusal carries the rates (DeskError.rateMoved) for the dialog that asks again.
   */
  const checkRateMove = async (
    approvals: JournalApprovals,
    profileId: string,
    p: TeamProposal,
    now: string | null,
    confirmRate: string | undefined,
  ): Promise<void> => {
    const change = rateChangePercent(p.rateAtProposal, now);
    if (change === null || now === null || p.rateAtProposal === null) return;
    const { rateMovePercent } = await approvals.policy(profileId);
    // Judged on the exact move, not the 2 places shown: with a limit of 0 any move asks again.
    const exact = dec(now).minus(p.rateAtProposal).div(p.rateAtProposal).times(100);
    if (exact.abs().lte(rateMovePercent)) return;
    if (confirmRate !== undefined && dec(confirmRate).eq(now)) return;
    const again = confirmRate !== undefined ? ` The rate you confirmed (${confirmRate}) is no longer the rate now.` : '';
    const shown = dec(change).isZero() ? `${exact.gt(0) ? 'up' : 'down'} by less than 0.01%` : `${dec(change).gt(0) ? '+' : ''}${change}%`;
    throw new DeskFailure(
      'conflict',
      `The ${p.pair} rate moved ${shown} since the proposal, from ${p.rateAtProposal} to ${now}: more than the team's limit of ${rateMovePercent}%.${again} Approve again at ${now} to confirm.`,
      { rateMoved: { rateAtProposal: p.rateAtProposal, rateNow: now, changePercent: change, limitPercent: rateMovePercent } },
    );
  };

  const sweeping = new WeakSet<ProfileRuntime>();

  return {
    watch(runtime) {
      const profileId = runtime.profile.id;
      const approvals = approvalsOf(ctx, profileId);
      if (!approvals || sweeping.has(runtime) || runtime.stopped) return;
      sweeping.add(runtime);
      runtime.spawn('expiry of proposals', async () => {
        do {
          try {
            if ((await approvals.expire(profileId)) > 0) ctx.approvalsAnnouncer.announce(profileId);
          } catch (error) {
            ctx.log.warn('expiring overdue proposals failed; trying again later', { error });
          }
        } while (await runtime.sleep(EXPIRY_SWEEP_MS));
      });
      // Approved account changes whose deciding desk died before doing them: as often as released orders are claimed.
      runtime.spawn('approved account changes', async () => {
        do {
          try {
            await performUnperformed(ctx, runtime);
          } catch (error) {
            ctx.log.warn('doing approved account changes failed; trying again later', { error });
          }
        } while (await runtime.sleep(ctx.tuning.orderClaimSweepMs));
      });
    },

    handlers: {
      'approvals.list': async ({ states, limit }) => {
        const runtime = ctx.runtime();
        const approvals = approvalsOf(ctx, runtime.profile.id);
        if (!approvals) return [];
        const profileId = runtime.profile.id;
        // Overdue ones show as expired, not as pending that cannot be approved.
        if ((await approvals.expire(profileId)) > 0) ctx.approvalsAnnouncer.announce(profileId);
        const options = { ...(states ? { states } : {}), limit: limit ?? 200 };
        const [proposals, changes] = await Promise.all([approvals.list(profileId, options), approvals.listChanges(profileId, options)]);
        const reads = await readsFor(runtime, proposals, changes);
        const all = [...(await views(runtime, approvals, proposals, reads)), ...(await changeViews(runtime, approvals, changes, reads))];
        // Oldest first, as each list is; at most `limit` in all.
        return all.sort((x, y) => x.proposedAtMs - y.proposedAtMs).slice(0, options.limit);
      },

      'approvals.decide': async (input) => {
        const { runtime, profileId, approvals } = required();
        if ((await approvals.expire(profileId)) > 0) ctx.approvalsAnnouncer.announce(profileId);
        const proposal = await approvals.get(profileId, input.orderId);
        if (!proposal) {
          const change = await approvals.getChange(profileId, input.orderId);
          if (change) return decideChange(runtime, approvals, change, input);
          throw new DeskFailure('not_found', `There is no proposal ${input.orderId} here.`);
        }
        // The rate read for the decision is the one its answer shows: not read twice.
        let rate: RateView | null = null;
        let decided: Awaited<ReturnType<JournalApprovals['decide']>>;
        if (input.decision === 'approve') {
          // A refusal the row itself makes certain (not pending, own proposal, approved already) comes
          // in the database's words first; roles and the clock are the database's to judge, so a
          // doubt about them never skips the rate check.
          const refused = certainlyRefused(decidable(proposal), (await whoami(runtime, approvals)).login);
          rate = refused ? null : await rateFor(ctx, runtime, proposal);
          const now = rate === null ? null : sideOf(proposal.kind, rate);
          if (!refused) await checkRateMove(approvals, profileId, proposal, now, input.confirmRate);
          decided = await approvals.decide(profileId, input.orderId, 'approve', null, now);
        } else {
          rate = await rateFor(ctx, runtime, proposal).catch(() => null);
          decided = await approvals.decide(
            profileId,
            input.orderId,
            'reject',
            input.reason,
            rate === null ? null : sideOf(proposal.kind, rate),
          );
        }
        // The decision's answer is the row as it is now: the order's view too, without reading it again.
        ctx.events.emit('orders.updated', orderView(decided.row));
        ctx.approvalsAnnouncer.announce(profileId);
        // Released: claimed here at once (the lease decides if another desk's sweep is quicker).
        if (decided.proposal.state === 'sending' && decided.proposal.claimedBy === null) {
          await options
            .claimReleased(runtime)
            .catch((error: unknown) => ctx.log.warn('claiming an approved order failed; a sweep claims it later', { error }));
        }
        const rates = new Map(rate !== null && proposal.pair !== null ? [[proposal.pair, rate]] : []);
        return (await views(runtime, approvals, [decided.proposal], await readsFor(runtime, [decided.proposal], [], rates)))[0]!;
      },

      // The proposer takes back their own proposal; the database judges who and when (desk.withdraw_proposal).
      'approvals.withdraw': async ({ orderId, reason }) => {
        const { runtime, profileId, approvals } = required();
        if ((await approvals.expire(profileId)) > 0) ctx.approvalsAnnouncer.announce(profileId);
        const proposal = await approvals.get(profileId, orderId);
        if (!proposal) {
          const change = await approvals.getChange(profileId, orderId);
          if (!change) throw new DeskFailure('not_found', `There is no proposal ${orderId} here.`);
          const withdrawn = await approvals.withdrawChange(profileId, change.id, reason);
          ctx.approvalsAnnouncer.announce(profileId);
          return (await changeViews(runtime, approvals, [withdrawn], await readsFor(runtime, [], [withdrawn])))[0]!;
        }
        const withdrawn = await approvals.withdraw(profileId, orderId, reason);
        // The order list shows it rejected with the proposer's words, as after a rejection.
        ctx.events.emit('orders.updated', orderView(withdrawn.row));
        ctx.approvalsAnnouncer.announce(profileId);
        return (await views(runtime, approvals, [withdrawn.proposal], await readsFor(runtime, [withdrawn.proposal], [])))[0]!;
      },
    },
  };
}
