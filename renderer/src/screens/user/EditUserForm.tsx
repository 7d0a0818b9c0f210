// Edit a user including the status; setting "deleted" asks for confirmation first.
import { useState } from 'react';
import type { UserView } from '../../../../shared/desk-api';
import { call, fieldError } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { whileSameEnvironment } from '../../state/sameEnvironment';
import { upsertUser } from '../../state/users';

type Status = 'active' | 'disabled' | 'deleted';

export function EditUserForm({ user, onDone }: { user: UserView; onDone: () => void }) {
  const [email, setEmail] = useState(user.email);
  const [name, setName] = useState(user.name);
  const [surname, setSurname] = useState(user.surname);
  const [phone, setPhone] = useState(user.phone);
  const [status, setStatus] = useState<Status>(user.status === 'disabled' ? 'disabled' : user.status === 'deleted' ? 'deleted' : 'active');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const keep = whileSameEnvironment(upsertUser);
      const updated = await call((d) =>
        d.users.update({ userId: user.id, email: email.trim(), name: name.trim(), surname: surname.trim(), phone: phone.trim(), status }),
      );
      keep(updated);
      setConfirming(false);
      onDone();
    } catch (e) {
      setError(e);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  const submit = (): void => {
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
      <TextField label="Email" type="email" value={email} onValue={setEmail} error={fieldError(error, 'email')} />
      <TextField label="Name" value={name} onValue={setName} error={fieldError(error, 'name')} />
      <TextField label="Surname" value={surname} onValue={setSurname} error={fieldError(error, 'surname')} />
      <TextField label="Phone" type="tel" value={phone} onValue={setPhone} error={fieldError(error, 'phone')} />
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
      <ErrorAlert error={known.some((f) => fieldError(error, f)) ? 'The user was not saved: correct the fields marked above.' : error} />
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
