// Approvals (issue 13): orders proposed under the team's approval rules, waiting
// for a second operator, and the ones decided. The team database judges every
// decision; this screen shows its answers and is kept current by approvals.changed.
import { useEffect, useState } from 'react';
import { ErrorAlert, StatusNote } from '../components/ErrorAlert';
import { Empty, Loading } from '../components/States';
import { hrefFor } from '../state/navigation';
import { loadApprovals, loadPolicy, setApprovalsNotice, useApprovals } from '../state/approvals';
import { ProposalCard } from './approvals/ProposalCard';
import '../styles/approvals.css';

type Show = 'pending' | 'decided';

export function ApprovalsScreen() {
  const proposals = useApprovals((s) => s.proposals);
  const loaded = useApprovals((s) => s.loaded);
  const error = useApprovals((s) => s.error);
  const policy = useApprovals((s) => s.policy);
  const notice = useApprovals((s) => s.notice);
  const [show, setShow] = useState<Show>('pending');

  useEffect(() => {
    void loadPolicy();
    void loadApprovals();
    // A decision's note belongs to the visit it was made in.
    return () => setApprovalsNotice(null);
  }, []);

  if (policy?.workspace === 'solo') {
    return (
      <div className="screen">
        <h1>Approvals</h1>
        <Empty actions={<a href={hrefFor({ screen: 'settings' })}>Open Settings → Policy</a>}>
          Approvals need the team workspace: there, an order that matches an approval rule waits for a second operator. In Solo this desk is
          the only one, so nothing waits here; withdrawals to bank accounts new to the desk are held instead, for the hours set in Settings
          → Policy.
        </Empty>
      </div>
    );
  }

  const pendingList = proposals.filter((p) => p.state === 'pending');
  const decidedList = proposals.filter((p) => p.state !== 'pending');
  const shown = show === 'pending' ? pendingList : decidedList;
  return (
    <div className="screen">
      <h1>Approvals</h1>
      <fieldset className="segmented approvals-show">
        <legend>Show</legend>
        {(['pending', 'decided'] as const).map((value) => (
          <label key={value} className={show === value ? 'checked' : undefined}>
            <input type="radio" name="approvals-show" value={value} checked={show === value} onChange={() => setShow(value)} />
            {value === 'pending' ? `Pending (${pendingList.length})` : `Decided (${decidedList.length})`}
          </label>
        ))}
      </fieldset>
      <StatusNote>{notice}</StatusNote>
      <ErrorAlert error={error} />
      {error ? (
        <button type="button" onClick={() => void loadApprovals()}>
          Retry loading approvals
        </button>
      ) : null}
      {!loaded && !error ? <Loading what="approvals" /> : null}
      {loaded && shown.length === 0 && !error ? (
        <Empty>
          {show === 'pending'
            ? 'Nothing is waiting for approval. An order that matches one of the team’s approval rules shows here until it is approved, rejected, withdrawn by its proposer or expires.'
            : 'No proposal has been approved, rejected, withdrawn or has expired yet.'}
        </Empty>
      ) : null}
      <div className="proposal-list">
        {shown.map((p) => (
          <ProposalCard key={p.orderId} proposal={p} />
        ))}
      </div>
    </div>
  );
}
