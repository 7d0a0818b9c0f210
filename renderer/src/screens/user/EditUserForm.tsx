// Edit a user including the status; setting "deleted" asks for confirmation first.
import { useState } from 'react';
import type { UserView } from '../../../../shared/desk-api';
import { call, fieldError } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Field';
import { whileSameEnvironment } from '../../state/same-environment';
import { upsertUser } from '../../state/users';
import { UserFieldInput, userFieldList, userFieldProblems, type UserFieldValues } from '../users/UserFields';

type Status = 'active' | 'disabled' | 'deleted';

export function EditUserForm({ user, onDone }: { user: UserView; onDone: () => void }) {
  const [values, setValues] = useState<UserFieldValues>({ email: user.email, name: user.name, surname: user.surname, phone: user.phone });
  const [status, setStatus] = useState<Status>(user.status === 'disabled' ? 'disabled' : user.status === 'deleted' ? 'deleted' : 'active');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  /** The team's policy asked for approval of the status change: what was proposed (the user is unchanged). */
  const [proposed, setProposed] = useState<string | null>(null);
  const local = userFieldProblems(values, attempted);

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setProposed(null);
    try {
      const keep = whileSameEnvironment(upsertUser);
      const updated = await call((d) =>
        d.users.update({
          userId: user.id,
          email: values.email.trim(),
          name: values.name.trim(),
          surname: values.surname.trim(),
          phone: values.phone.trim(),
          status,
        }),
      );
      keep(updated.user);
      setConfirming(false);
      if (updated.proposedForApproval) setProposed(updated.proposedForApproval.message);
      else onDone();
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const submit = (): void => {
    setAttempted(true);
    // The same rule as the create form: nothing is sent while a field is wrong.
    if (Object.keys(userFieldProblems(values, true)).length > 0) return;
    if (status === 'deleted' && user.status !== 'deleted') setConfirming(true);
    else void save();
  };

  const known = ['email', 'name', 'surname', 'phone', 'status'];
  return (
    <form
      className="form-grid"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {userFieldList.map((f) => (
        <UserFieldInput
          key={f.key}
          field={f}
          value={values[f.key]}
          onValue={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
          problem={local[f.key]}
          serverError={error}
        />
      ))}
      <SelectField label="Status" value={status} onValue={(v) => setStatus(v as Status)} error={fieldError(error, 'status')}>
        <option value="active">Active</option>
        <option value="disabled">Disabled</option>
        <option value="deleted">Deleted</option>
      </SelectField>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save user'}
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
      {proposed ? (
        <p role="status" className="muted">
          {proposed}
        </p>
      ) : null}
      <ErrorAlert
        error={
          known.some((f) => fieldError(error, f)) || (attempted && Object.keys(local).length > 0)
            ? 'The user was not saved: correct the fields marked above.'
            : error
        }
      />
      {confirming ? (
        <ConfirmDialog
          title={`Delete ${user.name} ${user.surname} (#${user.id})?`}
          confirmLabel="Delete user"
          tone="danger"
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void save()}
        >
          <p>The user is marked deleted at Kriptomat and can no longer trade, withdraw or add bank accounts.</p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
