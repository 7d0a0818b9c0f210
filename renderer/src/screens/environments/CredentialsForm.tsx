// Credentials of one profile. Secrets are write-only: the fields always start
// empty, show only whether something is stored, and a save sends just what was typed.
import { useState } from 'react';
import type { CredentialsView, DeskInput, ProfileView } from '../../../../shared/desk-api';
import { call, fieldError } from '../../bridge';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { Loading } from '../../components/States';
import { useLoad } from '../../hooks/use-load';

export function CredentialsForm({ profile }: { profile: ProfileView }) {
  const loaded = useLoad(profile.id, () => call((d) => d.profiles.credentials({ profileId: profile.id })));
  return (
    <Section title={`Credentials for ${profile.name}`}>
      {profile.kind === 'sandbox' ? (
        <p className="muted">The built-in sandbox signs in with its demo account; credentials are optional.</p>
      ) : null}
      <ErrorAlert error={loaded.error} />
      {loaded.loading && !loaded.data ? <Loading what="credentials" /> : null}
      {loaded.data ? <CredentialsEditor key={profile.id} profile={profile} initial={loaded.data} /> : null}
    </Section>
  );
}

/** Whether a secret is held: in the keychain, or — without one — in memory for this session only. */
function StoredBadge({ stored, keychain }: { stored: boolean; keychain: boolean }) {
  if (!stored) return <span className="badge badge-muted">Not stored</span>;
  return keychain ? <span className="badge badge-ok">Stored</span> : <span className="badge badge-warn">Held for this session</span>;
}

/**
 * Main's reason is one plain sentence that says what is missing and what the desk
 * does instead (secrets kept in memory for the session); it is shown as it comes,
 * with nothing added that could contradict it.
 */
function keychainMessage(reason: string | undefined): string {
  return reason && reason.trim() !== ''
    ? reason.trim()
    : 'The system keychain is not available: secrets saved here are kept in memory for this session only.';
}

function CredentialsEditor({ profile, initial }: { profile: ProfileView; initial: CredentialsView }) {
  const [view, setView] = useState(initial);
  const [email, setEmail] = useState(initial.email);
  const [clientId, setClientId] = useState(initial.clientId === null ? '' : String(initial.clientId));
  const [password, setPassword] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [totpSecret, setTotpSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** An edit after a save: the note no longer describes the form, and must not stand beside a new error. */
  const edited =
    (set: (value: string) => void) =>
    (value: string): void => {
      set(value);
      setSaved(null);
    };

  const clientIdProblem =
    clientId.trim() !== '' && !/^[1-9]\d{0,9}$/.test(clientId.trim()) ? 'The client ID is a whole number such as 5.' : undefined;

  const save = async (): Promise<void> => {
    const input: DeskInput<'profiles.saveCredentials'> = { profileId: profile.id };
    if (email.trim() !== view.email) input.email = email.trim();
    if (clientId.trim() !== '' && Number(clientId) !== view.clientId) input.clientId = Number(clientId);
    if (password !== '') input.password = password;
    if (clientSecret !== '') input.clientSecret = clientSecret;
    if (totpSecret !== '') input.totpSecret = totpSecret;
    if (Object.keys(input).length === 1) {
      setSaved('Nothing changed.');
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const next = await call((d) => d.profiles.saveCredentials(input));
      setView(next);
      setEmail(next.email);
      setClientId(next.clientId === null ? '' : String(next.clientId));
      // Forget the typed secrets at once: the keychain has them now.
      setPassword('');
      setClientSecret('');
      setTotpSecret('');
      setSaved(next.keychain.available ? 'Credentials saved.' : 'Credentials saved for this session only (no keychain).');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const known = ['email', 'clientId', 'password', 'clientSecret', 'totpSecret'];
  const otherError = known.some((f) => fieldError(error, f)) ? null : error;

  return (
    <form
      className="form-grid"
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {!view.keychain.available ? (
        <div role="alert" className="alert alert-warn" data-testid="keychain-banner">
          {keychainMessage(view.keychain.reason)}
        </div>
      ) : null}
      <TextField
        label="Email"
        type="email"
        value={email}
        onValue={edited(setEmail)}
        error={fieldError(error, 'email')}
        autoComplete="off"
      />
      <TextField
        label="Client ID"
        inputMode="numeric"
        value={clientId}
        onValue={edited(setClientId)}
        error={fieldError(error, 'clientId') ?? clientIdProblem}
      />
      <TextField
        label="Password"
        type="password"
        value={password}
        onValue={edited(setPassword)}
        autoComplete="new-password"
        placeholder={view.stored.password ? 'Leave empty to keep the stored one' : ''}
        adornment={<StoredBadge stored={view.stored.password} keychain={view.keychain.available} />}
        error={fieldError(error, 'password')}
      />
      <TextField
        label="Client secret"
        type="password"
        value={clientSecret}
        onValue={edited(setClientSecret)}
        autoComplete="new-password"
        placeholder={view.stored.clientSecret ? 'Leave empty to keep the stored one' : ''}
        adornment={<StoredBadge stored={view.stored.clientSecret} keychain={view.keychain.available} />}
        error={fieldError(error, 'clientSecret')}
      />
      <TextField
        label="TOTP secret"
        type="password"
        value={totpSecret}
        onValue={edited(setTotpSecret)}
        autoComplete="new-password"
        placeholder={view.stored.totpSecret ? 'Leave empty to keep the stored one' : ''}
        hint="Without a stored TOTP secret the desk asks for an authenticator code at each sign-in."
        adornment={<StoredBadge stored={view.stored.totpSecret} keychain={view.keychain.available} />}
        error={fieldError(error, 'totpSecret')}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || clientIdProblem !== undefined}>
          {busy ? 'Saving…' : 'Save credentials'}
        </button>
      </div>
      <ErrorAlert error={otherError} />
      <StatusNote>{saved}</StatusNote>
    </form>
  );
}
