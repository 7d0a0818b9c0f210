// The team's approval rules as a table: what each rule asks approval for, from
// which EUR amount, for which bank accounts, how many approvals and how long a
// proposal waits. Admins add, edit and remove rules (one policy.update each); for
// anyone else the table is read-only and says who may change it.
import { useState } from 'react';
import { approvalActionLabels, type ApprovalRuleView, type PolicyView } from '../../../../shared/api/approvals';
import { expiryWords } from '../../../../shared/policy-limits';
import { call } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Empty } from '../../components/States';
import { formatDateTime, formatMoney } from '../../format';
import { setPolicy } from '../../state/approvals';
import { ruleWords } from '../approvals/proposal-words';
import { RuleDialog, WITH_AMOUNT } from './RuleDialog';

export function ApprovalRules({ policy }: { policy: PolicyView }) {
  const [editing, setEditing] = useState<ApprovalRuleView | 'new' | null>(null);
  const [removing, setRemoving] = useState<ApprovalRuleView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rules = [...policy.rules].sort((a, b) => a.position - b.position);
  const nextPosition = rules.reduce((max, r) => Math.max(max, r.position + 1), 0);

  const remove = async (rule: ApprovalRuleView): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setPolicy(await call((d) => d.policy.update({ removeRules: [rule.id] })));
      setRemoving(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="approval-rules">
      <h3>Approval rules</h3>
      <p className="muted">
        An order that matches an enabled rule waits for approval by other operators before it is sent. When several rules match, the
        strictest applies.
        {/* The policy's note says who may change it; this is only for a view without one. */}
        {policy.editable || policy.note ? '' : ' Only a desk admin may change the rules.'}
      </p>
      {rules.length === 0 ? (
        <Empty>No approval rules: every order is sent as soon as it is confirmed.</Empty>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Approval rules, scrolls sideways on a narrow window">
          <table className="table" aria-label="Approval rules">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col" className="num">
                  From
                </th>
                <th scope="col">New bank account</th>
                <th scope="col" className="num">
                  Approvals
                </th>
                <th scope="col" className="num">
                  Expires after
                </th>
                <th scope="col">Enabled</th>
                <th scope="col">Changed</th>
                {policy.editable ? (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{approvalActionLabels[r.action]}</th>
                  <td className="num money">
                    {r.thresholdEur !== null ? formatMoney(r.thresholdEur, 'eur') : WITH_AMOUNT.has(r.action) ? 'Any amount' : '—'}
                  </td>
                  <td>
                    {r.newAccountHours !== null
                      ? `Added less than ${r.newAccountHours} h ago`
                      : r.action === 'withdraw'
                        ? 'Any account'
                        : '—'}
                  </td>
                  <td className="num">{r.approvalsNeeded}</td>
                  <td className="num">{expiryWords(r.expirySeconds)}</td>
                  <td>{r.enabled ? 'Yes' : 'No'}</td>
                  <td className="rule-changed">
                    {r.updatedBy}, {formatDateTime(r.updatedAtMs)}
                  </td>
                  {policy.editable ? (
                    <td className="actions-cell">
                      <div className="row-actions">
                        <button type="button" className="small" onClick={() => setEditing(r)} aria-label={`Edit rule: ${ruleWords(r)}`}>
                          Edit
                        </button>
                        <button type="button" className="small" onClick={() => setRemoving(r)} aria-label={`Remove rule: ${ruleWords(r)}`}>
                          Remove
                        </button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {policy.editable ? (
        <div className="actions">
          <button type="button" onClick={() => setEditing('new')}>
            Add rule…
          </button>
        </div>
      ) : null}
      <ErrorAlert error={removing ? null : error} />
      {editing ? <RuleDialog rule={editing === 'new' ? null : editing} position={nextPosition} onClose={() => setEditing(null)} /> : null}
      {removing ? (
        <ConfirmDialog
          title="Remove approval rule"
          confirmLabel="Remove rule"
          tone="danger"
          busy={busy}
          error={error}
          onCancel={() => {
            setRemoving(null);
            setError(null);
          }}
          onConfirm={() => void remove(removing)}
        >
          <p>
            Remove the rule “{ruleWords(removing)}”? Orders proposed under it keep waiting for their approvals; new orders no longer match
            it.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
