// Rejecting a proposal (an approver) or withdrawing one's own (its proposer): both
// need a reason (the team database refuses either without one), shown to the
// other operators and kept in the audit log. One dialog, worded for each.
import { useId, useState } from 'react';
import type { ProposalView } from '../../../../shared/api/approvals';
import { call, fieldError } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { setApprovalsNotice, upsertProposal } from '../../state/approvals';
import { proposalTitle } from './proposal-words';

export type ReasonPurpose = 'reject' | 'withdraw';

interface Words {
  title: string;
  label: string;
  missing: string;
  whoSees: string;
  submit: (change: boolean) => string;
  busy: string;
  done: string;
}

const WORDS: Record<ReasonPurpose, Words> = {
  reject: {
    title: 'Reject',
    label: 'Reason for rejecting',
    missing: 'Say why it is rejected.',
    whoSees: 'The proposer sees the reason, and it is kept in the audit log.',
    submit: (change) => (change ? 'Reject change' : 'Reject order'),
    busy: 'Rejecting…',
    done: 'Rejected',
  },
  withdraw: {
    title: 'Withdraw',
    label: 'Reason for withdrawing',
    missing: 'Say why it is withdrawn.',
    whoSees: 'The approvers see the reason, and it is kept in the audit log.',
    submit: () => 'Withdraw proposal',
    busy: 'Withdrawing…',
    done: 'Withdrawn',
  },
};

function send(purpose: ReasonPurpose, orderId: string, reason: string): Promise<ProposalView> {
  return purpose === 'reject'
    ? call((d) => d.approvals.decide({ orderId, decision: 'reject', reason }))
    : call((d) => d.approvals.withdraw({ orderId, reason }));
}

export function ReasonDialog({ proposal, purpose, onClose }: { proposal: ProposalView; purpose: ReasonPurpose; onClose: () => void }) {
  const words = WORDS[purpose];
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const problem = reason.trim() === '' ? words.missing : reason.length > 500 ? 'At most 500 characters.' : undefined;
  const shownProblem = fieldError(error, 'reason') ?? (touched ? problem : undefined);
  const notDone = proposal.change ? 'It is not made.' : 'It is not sent.';

  const submit = async (): Promise<void> => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      upsertProposal(await send(purpose, proposal.orderId, reason.trim()));
      setApprovalsNotice(`${words.done}: ${proposalTitle(proposal)}. ${notDone}`);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`${words.title}: ${proposalTitle(proposal)}`} onClose={busy ? () => undefined : onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="dialog-body">
          <div className="field">
            <label htmlFor={id}>{words.label}</label>
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
              {proposal.change ? 'The change is not made at Kriptomat.' : 'The order is not sent.'} {words.whoSees}
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
            {busy ? words.busy : words.submit(proposal.change !== null)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
