// Adding or editing one approval rule. The form checks what it can (the bridge's
// own limits); the team database has the last word and its refusal is shown here.
import { useState } from 'react';
import { approvalActionLabels, approvalActions, type ApprovalAction, type ApprovalRuleView } from '../../../../shared/approvals-api';
import { call, fieldError } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { setPolicy } from '../../state/approvals';

/** The actions whose rules have a EUR threshold (the others are approved at any size). */
export const WITH_AMOUNT: ReadonlySet<ApprovalAction> = new Set(['buy', 'sell', 'withdraw']);

function wholeIn(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

export function RuleDialog({ rule, position, onClose }: { rule: ApprovalRuleView | null; position: number; onClose: () => void }) {
  const [action, setAction] = useState<ApprovalAction>(rule?.action ?? 'buy');
  const [threshold, setThreshold] = useState(rule?.thresholdEur ?? '');
  const [newHours, setNewHours] = useState(rule?.newAccountHours !== null && rule?.newAccountHours !== undefined ? String(rule.newAccountHours) : '');
  const [needed, setNeeded] = useState(String(rule?.approvalsNeeded ?? 1));
  const [expiry, setExpiry] = useState(String(rule?.expiryHours ?? 24));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const withAmount = WITH_AMOUNT.has(action);
  const thresholdProblem = !withAmount || threshold.trim() === '' || /^\d{1,12}(\.\d{1,2})?$/.test(threshold.trim()) ? undefined : 'A EUR amount such as 10000.00 (at most two decimal places), or empty for any amount.';
  const hoursValue = newHours.trim() === '' ? null : wholeIn(newHours, 1, 24 * 30);
  const hoursProblem = action === 'withdraw' && newHours.trim() !== '' && hoursValue === null ? 'A whole number of hours from 1 to 720, or empty for any bank account.' : undefined;
  const expiryValue = wholeIn(expiry, 1, 24 * 7);
  const expiryProblem = expiryValue === null ? 'A whole number of hours from 1 to 168.' : undefined;
  const problem = thresholdProblem ?? hoursProblem ?? expiryProblem;

  const save = async (): Promise<void> => {
    if (problem || expiryValue === null) return;
    setBusy(true);
    setError(null);
    try {
      const input = {
        ...(rule ? { id: rule.id } : {}),
        action,
        thresholdEur: withAmount && threshold.trim() !== '' ? threshold.trim() : null,
        newAccountHours: action === 'withdraw' ? hoursValue : null,
        approvalsNeeded: Number(needed),
        expiryHours: expiryValue,
        enabled,
        position: rule?.position ?? position,
      };
      setPolicy(await call((d) => d.policy.update({ saveRules: [input] })));
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const field = (name: string): string | undefined => fieldError(error, `saveRules.0.${name}`) ?? fieldError(error, name);
  return (
    <Dialog title={rule ? 'Edit approval rule' : 'Add approval rule'} onClose={busy ? () => undefined : onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="dialog-body form-grid">
          <SelectField label="Action" value={action} onValue={(v) => setAction(v as ApprovalAction)} error={field('action')} data-autofocus>
            {approvalActions.map((a) => (
              <option key={a} value={a}>
                {approvalActionLabels[a]}
              </option>
            ))}
          </SelectField>
          {withAmount ? (
            <TextField
              label="From (EUR)"
              inputMode="decimal"
              value={threshold}
              onValue={setThreshold}
              error={field('thresholdEur') ?? thresholdProblem}
              hint="The rule applies from this value up (crypto valued at the current rate). Empty: any amount."
            />
          ) : null}
          {action === 'withdraw' ? (
            <TextField
              label="Bank account added less than (hours)"
              inputMode="numeric"
              value={newHours}
              onValue={setNewHours}
              error={field('newAccountHours') ?? hoursProblem}
              hint="Only withdrawals to a bank account added less than this long ago. Empty: any bank account."
            />
          ) : null}
          <SelectField label="Approvals needed" value={needed} onValue={setNeeded} error={field('approvalsNeeded')} hint="Each from a different operator than the proposer and each other.">
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </SelectField>
          <TextField label="Expires after (hours)" inputMode="numeric" value={expiry} onValue={setExpiry} error={field('expiryHours') ?? expiryProblem} hint="A proposal not approved by then expires and is never sent." />
          <label className="checkbox">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            Enabled
          </label>
        </div>
        <ErrorAlert error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || Boolean(problem)}>
            {busy ? 'Saving…' : 'Save rule'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
