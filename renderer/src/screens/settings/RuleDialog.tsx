// Adding or editing one approval rule. The form checks the same limits as the
// bridge and the team database (shared/policy-limits.ts); the database has the
// last word and its refusal is shown here. The expiry is shown in the largest unit
// that says it exactly, and an edit that leaves it alone saves back the very
// seconds the database holds.
import { useState } from 'react';
import { approvalActionLabels, approvalActions, type ApprovalAction, type ApprovalRuleView } from '../../../../shared/api/approvals';
import {
  APPROVALS_NEEDED_MAX,
  APPROVALS_NEEDED_MIN,
  EUR_AMOUNT_PATTERN,
  NEW_ACCOUNT_HOURS_MAX,
  NEW_ACCOUNT_HOURS_MIN,
  expiryInUnits,
  expiryProblem,
  expiryUnits,
  type ExpiryUnit,
} from '../../../../shared/policy-limits';
import { call, fieldError } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { setPolicy } from '../../state/approvals';

/** 1 to 3, as the database takes. */
const APPROVALS_NEEDED_CHOICES = Array.from(
  { length: APPROVALS_NEEDED_MAX - APPROVALS_NEEDED_MIN + 1 },
  (_, i) => APPROVALS_NEEDED_MIN + i,
);

/** The actions whose rules have a EUR threshold (the others are approved at any size). */
export const WITH_AMOUNT: ReadonlySet<ApprovalAction> = new Set(['buy', 'sell', 'withdraw']);

const DEFAULT_EXPIRY_SECONDS = 24 * 3600;

function wholeIn(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

function isExpiryUnit(value: string): value is ExpiryUnit {
  return expiryUnits.some((u) => u.unit === value);
}

export function RuleDialog({ rule, position, onClose }: { rule: ApprovalRuleView | null; position: number; onClose: () => void }) {
  const initialExpiry = expiryInUnits(rule?.expirySeconds ?? DEFAULT_EXPIRY_SECONDS);
  const [action, setAction] = useState<ApprovalAction>(rule?.action ?? 'buy');
  const [threshold, setThreshold] = useState(rule?.thresholdEur ?? '');
  const [newHours, setNewHours] = useState(
    rule?.newAccountHours !== null && rule?.newAccountHours !== undefined ? String(rule.newAccountHours) : '',
  );
  const [needed, setNeeded] = useState(String(rule?.approvalsNeeded ?? 1));
  const [expiry, setExpiry] = useState(String(initialExpiry.amount));
  const [expiryUnit, setExpiryUnit] = useState<ExpiryUnit>(initialExpiry.unit);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const withAmount = WITH_AMOUNT.has(action);
  const thresholdProblem =
    !withAmount || threshold.trim() === '' || EUR_AMOUNT_PATTERN.test(threshold.trim())
      ? undefined
      : 'A EUR amount such as 10000.00 (at most two decimal places), or empty for any amount.';
  const hoursValue = newHours.trim() === '' ? null : wholeIn(newHours, NEW_ACCOUNT_HOURS_MIN, NEW_ACCOUNT_HOURS_MAX);
  const hoursProblem =
    action === 'withdraw' && newHours.trim() !== '' && hoursValue === null
      ? `A whole number of hours from ${NEW_ACCOUNT_HOURS_MIN} to ${NEW_ACCOUNT_HOURS_MAX} (a year), or empty for any bank account.`
      : undefined;
  const expiryAmount = /^\d{1,7}$/.test(expiry.trim()) ? Number(expiry.trim()) : Number.NaN;
  const expiryCheck = expiryProblem(expiryAmount, expiryUnit);
  const expirySeconds = expiryCheck === undefined ? expiryAmount * (expiryUnits.find((u) => u.unit === expiryUnit)?.seconds ?? 1) : null;
  const problem = thresholdProblem ?? hoursProblem ?? expiryCheck;

  const save = async (): Promise<void> => {
    if (problem || expirySeconds === null) return;
    setBusy(true);
    setError(null);
    try {
      const input = {
        ...(rule ? { id: rule.id } : {}),
        action,
        thresholdEur: withAmount && threshold.trim() !== '' ? threshold.trim() : null,
        newAccountHours: action === 'withdraw' ? hoursValue : null,
        approvalsNeeded: Number(needed),
        expirySeconds,
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
          <SelectField
            label="Approvals needed"
            value={needed}
            onValue={setNeeded}
            error={field('approvalsNeeded')}
            hint="Each from a different operator than the proposer and each other."
          >
            {APPROVALS_NEEDED_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </SelectField>
          <div className="inline-form">
            <TextField
              label="Expires after"
              inputMode="numeric"
              value={expiry}
              onValue={setExpiry}
              fieldClassName="grow"
              error={field('expirySeconds') ?? expiryCheck}
              hint="A proposal not approved by then expires and is never sent. At most 30 days."
            />
            <SelectField
              label="Expiry unit"
              value={expiryUnit}
              onValue={(v) => isExpiryUnit(v) && setExpiryUnit(v)}
              fieldClassName="narrow"
            >
              {expiryUnits.map((u) => (
                <option key={u.unit} value={u.unit}>
                  {u.unit}
                </option>
              ))}
            </SelectField>
          </div>
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
