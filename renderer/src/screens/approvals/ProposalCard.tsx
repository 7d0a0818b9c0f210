// One proposal with everything an approver needs to decide: the user (KYC, status,
// balance), the order and its EUR value, the rate now beside the rate at proposal,
// who proposed it and when, the rule it matched, the approvals so far and the time
// left. Approve and Reject are named for the order; when this operator may not
// decide, they are disabled and say why (the team database would refuse anyway).
// Its proposer alone sees Withdraw, while it awaits approval.
import { useId, useState } from 'react';
import type { ProposalView } from '../../../../shared/api/approvals';
import type { RateMovedDetail } from '../../../../shared/desk-api';
import { call, rateMovedOf } from '../../bridge';
import { KycBadge, StateBadge, UserStatusBadge } from '../../components/Badges';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { formatCountdown, formatDateTime, formatMoney, formatPrice } from '../../format';
import { useNow } from '../../hooks/use-now';
import { hrefFor } from '../../state/navigation';
import { setApprovalsNotice, upsertProposal } from '../../state/approvals';
import { useUsers } from '../../state/users';
import {
  changeProgressWords,
  decisionWords,
  proposalOrder,
  proposalOrderWords,
  proposalBadgeState,
  proposalStateLabel,
  proposalTitle,
  proposalUser,
  rateChangeWords,
  ruleWords,
} from './proposal-words';
import { ReasonDialog, type ReasonPurpose } from './ReasonDialog';

export function ProposalCard({ proposal }: { proposal: ProposalView }) {
  // A decided proposal comes without a user read: the directory may still know the name.
  const known = useUsers((s) => s.byId[proposal.userId]);
  const p = proposal.user === null && known ? { ...proposal, user: known } : proposal;
  const isPending = proposal.state === 'pending';
  const whyId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The reason dialog open: rejecting (an approver) or withdrawing (the proposer). */
  const [asking, setAsking] = useState<ReasonPurpose | null>(null);
  /** The rate moved beyond the policy: main's words and the rates the refusal carried (the one to confirm). */
  const [moved, setMoved] = useState<{ message: string; rates: RateMovedDetail } | null>(null);
  const orderWords = proposalOrderWords(p);
  const user = proposalUser(p);

  const approve = async (confirmRate?: string): Promise<void> => {
    setBusy(true);
    setError(null);
    setApprovalsNotice(null);
    try {
      const decided = await call((d) =>
        d.approvals.decide({ orderId: p.orderId, decision: 'approve', ...(confirmRate !== undefined ? { confirmRate } : {}) }),
      );
      setMoved(null);
      upsertProposal(decided);
      setApprovalsNotice(
        decided.state === 'approved'
          ? `Approved: ${proposalTitle(p)}. ${approvedWords(decided)}`
          : `Your approval is in: ${proposalTitle(p)} has ${decided.approvals} of ${decided.rule.approvalsNeeded}.`,
      );
    } catch (e) {
      // The rate moved more than the policy allows: ask again at the rate the refusal says is now.
      const rates = rateMovedOf(e);
      if (rates) {
        upsertProposal({ ...proposal, rateNow: rates.rateNow, rateChangePercent: rates.changePercent });
        setMoved({ message: (e as Error).message, rates });
      } else {
        setMoved(null);
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      title={proposalTitle(p)}
      className="proposal"
      actions={<StateBadge state={proposalBadgeState(p)} label={proposalStateLabel(p)} />}
    >
      <dl className="facts proposal-facts">
        <dt>User</dt>
        <dd>
          {p.user ? <a href={hrefFor({ screen: 'user', userId: p.userId })}>{user}</a> : user}
          {isPending && p.user ? (
            <>
              {' '}
              <KycBadge status={p.user.kycStatus} /> <UserStatusBadge status={p.user.status} />
            </>
          ) : null}
          {isPending && !p.user ? <span className="muted"> (the desk could not read the user now)</span> : null}
        </dd>
        {isPending && !p.change ? (
          <>
            <dt>Balance</dt>
            <dd className="money">{p.balance !== null ? formatMoney(p.balance, p.balanceCurrency) : 'Could not be read now'}</dd>
          </>
        ) : null}
        {p.change ? (
          <>
            <dt>Change</dt>
            <dd>{proposalOrder(p)}</dd>
            {changeProgressWords(p) !== null || p.change.outcome !== null ? (
              <>
                <dt>Outcome</dt>
                <dd>
                  {changeProgressWords(p) ?? proposalStateLabel(p)}
                  {p.change.outcome !== null ? `: ${p.change.outcome}` : ''}
                </dd>
              </>
            ) : null}
          </>
        ) : (
          <>
            <dt>Order</dt>
            <dd>
              {proposalOrder(p)} · worth <span className="money">{formatMoney(p.valueEur, 'eur')}</span> at the proposal
            </dd>
          </>
        )}
        {!p.change && p.kind !== 'withdraw' ? (
          <>
            <dt>Rate</dt>
            <dd>
              <RateFacts proposal={p} />
            </dd>
          </>
        ) : null}
        <dt>Proposed</dt>
        <dd>
          by <strong>{p.proposedBy}</strong> on {formatDateTime(p.proposedAtMs)}
        </dd>
        <dt>Rule</dt>
        <dd>{ruleWords(p.rule)}</dd>
        <dt>Approvals</dt>
        <dd>
          <Decisions proposal={p} />
        </dd>
        <dt>{isPending ? 'Expires' : 'Expiry'}</dt>
        <dd>{isPending ? <ExpiresIn expiresAtMs={p.expiresAtMs} /> : formatDateTime(p.expiresAtMs)}</dd>
      </dl>
      {isPending ? (
        <div className="proposal-actions">
          <button
            type="button"
            className="primary"
            disabled={!p.mayDecide || busy}
            aria-describedby={!p.mayDecide && p.whyNot ? whyId : undefined}
            onClick={() => void approve()}
            aria-label={`Approve ${orderWords} for ${user}`}
          >
            {busy ? 'Approving…' : 'Approve'}
          </button>
          <button
            type="button"
            className="danger"
            disabled={!p.mayDecide || busy}
            aria-describedby={!p.mayDecide && p.whyNot ? whyId : undefined}
            onClick={() => setAsking('reject')}
            aria-label={`Reject ${orderWords} for ${user}`}
          >
            Reject…
          </button>
          {p.mayWithdraw ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => setAsking('withdraw')}
              aria-label={`Withdraw your proposal: ${orderWords} for ${user}`}
            >
              Withdraw…
            </button>
          ) : null}
          {!p.mayDecide && p.whyNot ? (
            <p id={whyId} className="muted proposal-why">
              {p.whyNot}
            </p>
          ) : null}
        </div>
      ) : null}
      <ErrorAlert error={error} />
      {asking ? <ReasonDialog proposal={p} purpose={asking} onClose={() => setAsking(null)} /> : null}
      {moved ? (
        <ConfirmDialog
          title={`The rate moved: ${proposalTitle(p)}`}
          confirmLabel="Approve at the new rate"
          busy={busy}
          busyNote="Approving…"
          onCancel={() => setMoved(null)}
          onConfirm={() => void approve(moved.rates.rateNow)}
        >
          <p>{moved.message}</p>
          <p>
            Rate now <strong>{formatPrice(moved.rates.rateNow, p.pair)}</strong>; at the proposal{' '}
            {formatPrice(moved.rates.rateAtProposal, p.pair)} ({rateChangeWords(moved.rates.changePercent) ?? ''}). Approving sends the
            order at the rate of the moment it is sent.
          </p>
        </ConfirmDialog>
      ) : null}
    </Section>
  );
}

function RateFacts({ proposal: p }: { proposal: ProposalView }) {
  const change = rateChangeWords(p.rateChangePercent);
  // Decided: the rate now is not read (nothing left to decide at it).
  if (p.state !== 'pending') return <span className="money">{formatPrice(p.rateAtProposal, p.pair)} at the proposal</span>;
  return (
    <>
      now <span className="money">{formatPrice(p.rateNow, p.pair)}</span> · at the proposal{' '}
      <span className="money">{formatPrice(p.rateAtProposal, p.pair)}</span>
      {change ? (
        <>
          {' '}
          · <span className="money">{change}</span>
        </>
      ) : null}
    </>
  );
}

function Decisions({ proposal: p }: { proposal: ProposalView }) {
  return (
    <>
      {p.approvals} of {p.rule.approvalsNeeded}
      {p.decisions.length > 0 ? (
        <ul className="proposal-decisions">
          {p.decisions.map((d) => (
            <li key={`${d.approver}-${d.atMs}`}>
              {decisionWords[d.decision]} <strong>{d.approver}</strong> on {formatDateTime(d.atMs)}
              {d.rate !== null ? ` at ${formatPrice(d.rate, p.pair)}` : ''}
              {d.reason ? `: “${d.reason}”` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** "26 Nov 2026, 14:32 (in 23:59:07)", counting down like a held withdrawal. */
function ExpiresIn({ expiresAtMs }: { expiresAtMs: number }) {
  const now = useNow(1000);
  const left = expiresAtMs - now;
  return (
    <>
      {formatDateTime(expiresAtMs)} {left > 0 ? `(in ${formatCountdown(left)})` : '(now: it expires unless approved first)'}
    </>
  );
}

/** What follows an approval that released the proposal: an order is sent; an account change was done here (or failed). */
function approvedWords(p: ProposalView): string {
  if (!p.change) return 'It is sent now.';
  if (p.change.progress === 'done') return `Done: ${p.change.outcome ?? ''}`;
  if (p.change.progress === 'failed') return `It failed: ${p.change.outcome ?? ''}`;
  return 'It is being done at Kriptomat.';
}
