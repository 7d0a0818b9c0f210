// Rejecting a proposal: the reason is required (the team database refuses a
// rejection without one), and it is shown to the proposer and kept in the audit log.
import { useId, useState } from 'react';
import type { ProposalView } from '../../../../shared/approvals-api';
import { call, fieldError } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { setApprovalsNotice, upsertProposal } from '../../state/approvals';
import { proposalTitle } from './proposalWords';

export function RejectDialog({ proposal, onClose }: { proposal: ProposalView; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const problem = reason.trim() === '' ? 'Say why it is rejected.' : reason.length > 500 ? 'At most 500 characters.' : undefined;
  const shownProblem = fieldError(error, 'reason') ?? (touched ? problem : undefined);

  const reject = async (): Promise<void> => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      upsertProposal(await call((d) => d.approvals.decide({ orderId: proposal.orderId, decision: 'reject', reason: reason.trim() })));
      setApprovalsNotice(`Rejected: ${proposalTitle(proposal)}. ${proposal.change ? 'It is not made.' : 'It is not sent.'}`);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Reject: ${proposalTitle(proposal)}`} onClose={busy ? () => undefined : onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void reject();
        }}
      >
        <div className="dialog-body">
          <div className="field">
            <label htmlFor={id}>Reason for rejecting</label>
            <textarea
              id={id}
              rows={3}
              required
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onBlur={() => setTouched(true)}
              aria-invalid={shownProblem ? true : undefined}
              aria-describedby={[hintId, shownProblem ? errorId : null].filter(Boolean).join(' ')}
              data-autofocus
            />
            <div id={hintId} className="field-hint">
              {proposal.change ? 'The change is not made at Kriptomat.' : 'The order is not sent.'} The proposer sees the reason, and it is kept in the audit log.
            </div>
            {shownProblem ? (
              <div id={errorId} className="field-error">
                {shownProblem}
              </div>
            ) : null}
          </div>
        </div>
        <ErrorAlert error={fieldError(error, 'reason') ? null : error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy}>
            {busy ? 'Rejecting…' : proposal.change ? 'Reject change' : 'Reject order'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
