// An order of the order list that waits for approval: a link to the Approvals
// screen, and — for its proposer, while it can still be taken back — Withdraw,
// so a mistake seen right after proposing is withdrawn where it was made.
import { useState } from 'react';
import type { OrderView } from '../../../../shared/desk-api';
import { hrefFor } from '../../state/navigation';
import { useApprovals } from '../../state/approvals';
import { ReasonDialog } from '../approvals/ReasonDialog';
import { proposalOrderWords, proposalUser } from '../approvals/proposal-words';

export function AwaitingApproval({ order }: { order: OrderView }) {
  // The queue main last read (approvals.changed reads it again after every proposal).
  const proposal = useApprovals((s) => s.proposals.find((p) => p.orderId === order.id));
  const [asking, setAsking] = useState(false);
  return (
    <div>
      <a href={hrefFor({ screen: 'approvals' })}>Open Approvals</a>
      {proposal?.mayWithdraw ? (
        <>
          {' '}
          <button
            type="button"
            className="small"
            onClick={() => setAsking(true)}
            aria-label={`Withdraw your proposal: ${proposalOrderWords(proposal)} for ${proposalUser(proposal)}`}
          >
            Withdraw…
          </button>
          {asking ? <ReasonDialog proposal={proposal} purpose="withdraw" onClose={() => setAsking(false)} /> : null}
        </>
      ) : null}
    </div>
  );
}
