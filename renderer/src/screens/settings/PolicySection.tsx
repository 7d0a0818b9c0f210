// Settings → Policy (issue 13). Team: the team's approval rules and how far the
// rate may move before an approver confirms again — editable by desk admins only
// (the database's grants refuse anyone else; the view says who may). Solo: the
// cool-off on withdrawals to bank accounts new to the desk, the one rule that needs
// no second operator. Both are saved through policy.update.
import { useEffect, useState } from 'react';
import type { PolicyUpdate, PolicyView } from '../../../../shared/approvals-api';
import { WITHDRAW_HOLD_HOURS_MAX } from '../../../../shared/order-rules';
import { call, fieldError } from '../../bridge';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { Loading } from '../../components/States';
import { loadPolicy, setPolicy, useApprovals } from '../../state/approvals';
import { ApprovalRules } from './ApprovalRules';
import '../../styles/approvals.css';

export function PolicySection() {
  const policy = useApprovals((s) => s.policy);
  const error = useApprovals((s) => s.policyError);
  useEffect(() => {
    void loadPolicy();
  }, []);
  return (
    <Section title="Policy">
      {policy?.note ? <p className="muted policy-note">{policy.note}</p> : null}
      <ErrorAlert error={error} />
      {error ? (
        <button type="button" onClick={() => void loadPolicy()}>
          Retry loading the policy
        </button>
      ) : null}
      {!policy && !error ? <Loading what="the policy" /> : null}
      {policy?.workspace === 'solo' ? <SoloHoldForm policy={policy} /> : null}
      {policy?.workspace === 'team' ? (
        <>
          <ApprovalRules policy={policy} />
          <RateMoveForm policy={policy} />
        </>
      ) : null}
    </Section>
  );
}

/** One policy form's save: busy while on its way, then the error or a note saying it is saved. */
function usePolicySave(): { busy: boolean; error: unknown; saved: string | null; save: (update: PolicyUpdate, note: string) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (update: PolicyUpdate, note: string): Promise<void> => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setPolicy(await call((d) => d.policy.update(update)));
      setSaved(note);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, saved, save };
}

function SoloHoldForm({ policy }: { policy: PolicyView }) {
  const [hold, setHold] = useState(String(policy.withdrawHoldHours ?? 0));
  const { busy, error, saved, save } = usePolicySave();
  const holdNumber = Number(hold);
  const problem = /^\d+$/.test(hold.trim()) && holdNumber <= WITHDRAW_HOLD_HOURS_MAX ? undefined : `A whole number of hours from 0 to ${WITHDRAW_HOLD_HOURS_MAX}.`;
  return (
    <form
      className="form-grid"
      noValidate
      aria-label="Withdrawal hold"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) void save({ withdrawHoldHours: holdNumber }, 'Policy saved.');
      }}
    >
      <TextField
        label="Hold withdrawals to new bank accounts (hours)"
        inputMode="numeric"
        value={hold}
        onValue={setHold}
        error={fieldError(error, 'withdrawHoldHours') ?? problem}
        hint="A withdrawal to a bank account the desk added or first saw less than this long ago waits until the account is that old, and can be cancelled meanwhile. 0: no hold."
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || Boolean(problem)}>
          {busy ? 'Saving…' : 'Save policy'}
        </button>
      </div>
      <ErrorAlert error={fieldError(error, 'withdrawHoldHours') ? null : error} />
      <StatusNote>{saved}</StatusNote>
    </form>
  );
}

function RateMoveForm({ policy }: { policy: PolicyView }) {
  const [percent, setPercent] = useState(policy.rateMovePercent ?? '');
  const { busy, error, saved, save } = usePolicySave();
  const problem = /^\d{1,2}(\.\d{1,2})?$/.test(percent.trim()) ? undefined : 'A percent such as 2 or 2.5 (under 100).';
  const hint = 'When the rate has moved more than this since an order was proposed, the approver is asked to confirm again at the new rate.';
  if (!policy.editable) {
    return (
      <dl className="facts policy-rate">
        <dt>Rate may move before approving again</dt>
        <dd>{policy.rateMovePercent !== null ? `${policy.rateMovePercent} %` : '—'}</dd>
      </dl>
    );
  }
  return (
    <form
      className="form-grid policy-rate"
      noValidate
      aria-label="Rate move"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) void save({ rateMovePercent: percent.trim() }, 'Rate move saved.');
      }}
    >
      <TextField
        label="Rate may move before approving again (%)"
        inputMode="decimal"
        value={percent}
        onValue={setPercent}
        error={fieldError(error, 'rateMovePercent') ?? problem}
        hint={hint}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || Boolean(problem)}>
          {busy ? 'Saving…' : 'Save rate move'}
        </button>
      </div>
      <ErrorAlert error={fieldError(error, 'rateMovePercent') ? null : error} />
      <StatusNote>{saved}</StatusNote>
    </form>
  );
}
