// Create user. The draft is in the users store so it survives screen switches;
// main's field errors land under their fields.
import { useState } from 'react';
import { call, fieldError } from '../../bridge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { navigate } from '../../state/navigation';
import { emptyUserDraft, setCreateDraft, upsertUser, useUsers, type UserDraft } from '../../state/users';

const fields: { key: keyof UserDraft; label: string; type: string; autoComplete: string; max: number }[] = [
  { key: 'email', label: 'Email', type: 'email', autoComplete: 'off', max: 200 },
  { key: 'name', label: 'Name', type: 'text', autoComplete: 'off', max: 100 },
  { key: 'surname', label: 'Surname', type: 'text', autoComplete: 'off', max: 100 },
  { key: 'phone', label: 'Phone', type: 'tel', autoComplete: 'off', max: 30 },
];

export function checkUserDraft(draft: UserDraft): Partial<Record<keyof UserDraft, string>> {
  const problems: Partial<Record<keyof UserDraft, string>> = {};
  if (draft.email.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) problems.email = 'Enter an e-mail address such as john@doe.io.';
  if (draft.phone.trim() !== '' && !/^\+?[0-9 ()-]{5,30}$/.test(draft.phone.trim())) problems.phone = 'Enter a phone number such as +381631283023.';
  return problems;
}

export function CreateUserForm() {
  const draft = useUsers((s) => s.createDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  const local = checkUserDraft(draft);
  if (attempted) {
    for (const f of fields) if (draft[f.key].trim() === '') local[f.key] = `Enter the ${f.label.toLowerCase()}.`;
  }
  const complete = fields.every((f) => draft[f.key].trim() !== '');

  const submit = async (): Promise<void> => {
    setAttempted(true);
    if (busy || !complete || Object.keys(checkUserDraft(draft)).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const user = await call((d) =>
        d.users.create({ email: draft.email.trim(), name: draft.name.trim(), surname: draft.surname.trim(), phone: draft.phone.trim() }),
      );
      upsertUser(user);
      useUsers.setState({ createDraft: emptyUserDraft });
      setAttempted(false);
      navigate({ screen: 'user', userId: user.id });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const hasFieldError = fields.some((f) => fieldError(error, f.key));
  return (
    <Section title="Create user">
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {fields.map((f) => (
          <TextField
            key={f.key}
            label={f.label}
            type={f.type}
            autoComplete={f.autoComplete}
            maxLength={f.max}
            value={draft[f.key]}
            onValue={(v) => setCreateDraft({ [f.key]: v })}
            error={fieldError(error, f.key) ?? local[f.key]}
            required
          />
        ))}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </button>
          <button type="button" onClick={() => {
              useUsers.setState({ createDraft: emptyUserDraft });
              setAttempted(false);
              setError(null);
            }} disabled={busy}>
            Clear form
          </button>
        </div>
        {hasFieldError ? (
          <div role="alert" className="alert alert-error">
            The user was not created: correct the fields marked above.
          </div>
        ) : (
          <ErrorAlert error={error} />
        )}
      </form>
    </Section>
  );
}
