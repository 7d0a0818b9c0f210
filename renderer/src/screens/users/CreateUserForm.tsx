// Create user. The draft is in the users store so it survives screen switches;
// main's field errors land under their fields.
import { useState } from 'react';
import { call, fieldError } from '../../bridge';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { navigate } from '../../state/navigation';
import { emptyUserDraft, setCreateDraft, upsertUser, useUsers } from '../../state/users';
import { UserFieldInput, userFieldList, userFieldProblems } from './UserFields';

const fields = userFieldList;

export function CreateUserForm() {
  const draft = useUsers((s) => s.createDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  const local = userFieldProblems(draft, attempted);

  const submit = async (): Promise<void> => {
    setAttempted(true);
    // Refused here, with the reason under each field, before anything is sent.
    if (busy || Object.keys(userFieldProblems(draft, true)).length > 0) return;
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
  const hasLocalProblem = attempted && Object.keys(local).length > 0;
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
          <UserFieldInput
            key={f.key}
            field={f}
            value={draft[f.key]}
            onValue={(v) => setCreateDraft({ [f.key]: v })}
            problem={local[f.key]}
            serverError={error}
          />
        ))}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </button>
          <button
            type="button"
            onClick={() => {
              useUsers.setState({ createDraft: emptyUserDraft });
              setAttempted(false);
              setError(null);
            }}
            disabled={busy}
          >
            Clear form
          </button>
        </div>
        {hasFieldError || hasLocalProblem ? (
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
