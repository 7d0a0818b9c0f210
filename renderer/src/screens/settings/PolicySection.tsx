// Settings → Policy (issue 13). Team: the team's approval rules and how far the
// rate may move before an approver confirms again — editable by desk admins only
// (the database's grants refuse anyone else; the view says who may). Solo: the
// cool-off on withdrawals to bank accounts new to the desk, the one rule that needs
// no second operator. Both are saved through policy.update.
import { useEffect, useState } from 'react';
import type { PolicyUpdate, PolicyView } from '../../../../shared/api/approvals';
import { WITHDRAW_HOLD_HOURS_MAX } from '../../../../shared/order-rules';
import { PERCENT_PATTERN, PERCENT_WORDS } from '../../../../shared/policy-limits';
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

interface OnePolicyFieldProps {
  /** The form's accessible name. */
  name: string;
  label: string;
  hint: string;
  initial: string;
  inputMode: 'numeric' | 'decimal';
  /** The bridge's field, whose error is shown at the input. */
  field: 'withdrawHoldHours' | 'rateMovePercent';
  /** What is wrong with the text, or undefined when it can be saved. */
  problem: (text: string) => string | undefined;
  update: (text: string) => PolicyUpdate;
  saveLabel: string;
  savedNote: string;
}

/** One policy setting with its own Save button: busy while saving, then the database's refusal or a note that it is saved. */
function OnePolicyField(props: OnePolicyFieldProps) {
  const [text, setText] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const problem = props.problem(text.trim());
  const atField = fieldError(error, props.field);

  const save = async (): Promise<void> => {
    if (problem) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setPolicy(await call((d) => d.policy.update(props.update(text.trim()))));
      setSaved(props.savedNote);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form-grid policy-form"
      noValidate
      aria-label={props.name}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <TextField
        label={props.label}
        inputMode={props.inputMode}
        value={text}
        onValue={(value) => {
          setText(value);
          setSaved(null);
        }}
        error={atField ?? problem}
        hint={props.hint}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || Boolean(problem)}>
          {busy ? 'Saving…' : props.saveLabel}
        </button>
      </div>
      <ErrorAlert error={atField ? null : error} />
      <StatusNote>{saved}</StatusNote>
    </form>
  );
}

function SoloHoldForm({ policy }: { policy: PolicyView }) {
  return (
    <OnePolicyField
      name="Withdrawal hold"
      label="Hold withdrawals to new bank accounts (hours)"
      hint="A withdrawal to a bank account the desk added or first saw less than this long ago waits until the account is that old, and can be cancelled meanwhile. 0: no hold."
      initial={String(policy.withdrawHoldHours ?? 0)}
      inputMode="numeric"
      field="withdrawHoldHours"
      problem={(t) =>
        /^\d+$/.test(t) && Number(t) <= WITHDRAW_HOLD_HOURS_MAX
          ? undefined
          : `A whole number of hours from 0 to ${WITHDRAW_HOLD_HOURS_MAX}.`
      }
      update={(t) => ({ withdrawHoldHours: Number(t) })}
      saveLabel="Save policy"
      savedNote="Policy saved."
    />
  );
}

function RateMoveForm({ policy }: { policy: PolicyView }) {
  if (!policy.editable) {
    return (
      <dl className="facts policy-form">
        <dt>Rate may move before approving again</dt>
        <dd>{policy.rateMovePercent !== null ? `${policy.rateMovePercent} %` : '—'}</dd>
      </dl>
    );
  }
  return (
    <OnePolicyField
      name="Rate move"
      label="Rate may move before approving again (%)"
      hint="When the rate has moved more than this since an order was proposed, the approver is asked to confirm again at the new rate."
      initial={policy.rateMovePercent ?? ''}
      inputMode="decimal"
      field="rateMovePercent"
      problem={(t) => (PERCENT_PATTERN.test(t) ? undefined : PERCENT_WORDS)}
      update={(t) => ({ rateMovePercent: t })}
      saveLabel="Save rate move"
      savedNote="Rate move saved."
    />
  );
}
