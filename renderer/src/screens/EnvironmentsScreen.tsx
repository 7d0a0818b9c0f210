// Session & environments: which Kriptomat the desk talks to, its credentials, and
// signing in or out.
import { useState } from 'react';
import { call } from '../bridge';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProductionSwitchConfirm } from '../components/ProductionSwitchConfirm';
import { sessionStateWords } from '../components/StatusBar';
import { ErrorAlert } from '../components/ErrorAlert';
import { Section } from '../components/Section';
import { Loading } from '../components/States';
import { formatDateTime } from '../format';
import { loadProfiles, setSession, useSession } from '../state/session';
import { AddEnvironmentForm } from './environments/AddEnvironmentForm';
import { CredentialsForm } from './environments/CredentialsForm';
import type { ProfileView } from '../../../shared/desk-api';

export function EnvironmentsScreen() {
  const profiles = useSession((s) => s.profiles);
  const profilesError = useSession((s) => s.profilesError);
  const [editing, setEditing] = useState<string | null>(null);
  const active = profiles?.find((p) => p.active) ?? null;
  const credentialsFor = profiles?.find((p) => p.id === editing) ?? active;

  return (
    <div className="screen">
      <h1>Environments</h1>
      <SessionPanel />
      <Section title="Environment profiles">
        <ErrorAlert error={profilesError} />
        {profiles === null && !profilesError ? <Loading what="environments" /> : null}
        {profiles ? (
          <ProfileTable profiles={profiles} onEditCredentials={(id) => setEditing(id)} credentialsFor={credentialsFor?.id ?? null} />
        ) : null}
      </Section>
      {credentialsFor ? <CredentialsForm key={credentialsFor.id} profile={credentialsFor} /> : null}
      <AddEnvironmentForm />
    </div>
  );
}

function SessionPanel() {
  const session = useSession((s) => s.session);
  const [busy, setBusy] = useState<'in' | 'out' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (which: 'in' | 'out'): Promise<void> => {
    setBusy(which);
    setError(null);
    try {
      setSession(await call((d) => (which === 'in' ? d.session.signIn({}) : d.session.signOut({}))));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  // A sign-in in progress can be abandoned too (it may be waiting for a code nobody will type).
  const canSignOut = session?.state === 'active' || session?.state === 'refreshing' || session?.state === 'signing-in';
  // Signing in is the thing to do only while signed out (or after an error); once in, there is nothing to sign in to.
  const signedIn = session?.state === 'active' || session?.state === 'refreshing';
  return (
    <Section title="Session">
      {session ? (
        <dl className="facts">
          <dt>Environment</dt>
          <dd>
            {session.profileName} <span className={`badge env-badge env-${session.profileKind}`}>{session.profileKind}</span>
          </dd>
          <dt>State</dt>
          <dd data-testid="session-panel-state">{sessionStateWords[session.state]}</dd>
          <dt>Expires</dt>
          <dd>{formatDateTime(session.expiresAtMs)}</dd>
          <dt>Last renewal</dt>
          <dd>{formatDateTime(session.lastRenewedAtMs)}</dd>
        </dl>
      ) : (
        <Loading what="the session" />
      )}
      {session?.error ? <ErrorAlert error={`Sign-in problem: ${session.error}`} /> : null}
      <ErrorAlert error={error} />
      <div className="actions session-actions">
        <button
          type="button"
          className={signedIn ? undefined : 'primary'}
          onClick={() => run('in')}
          disabled={busy !== null || session?.state === 'signing-in' || signedIn}
        >
          {busy === 'in' ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" onClick={() => run('out')} disabled={busy !== null || !canSignOut}>
          {busy === 'out' ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </Section>
  );
}

function ProfileTable({
  profiles,
  onEditCredentials,
  credentialsFor,
}: {
  profiles: ProfileView[];
  onEditCredentials: (id: string) => void;
  credentialsFor: string | null;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<ProfileView | null>(null);
  const [removing, setRemoving] = useState<ProfileView | null>(null);

  const select = async (profile: ProfileView): Promise<void> => {
    setBusy(profile.id);
    setError(null);
    try {
      setSession(await call((d) => d.profiles.select({ profileId: profile.id })));
      await loadProfiles();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
      setConfirm(null);
    }
  };

  const remove = async (profile: ProfileView): Promise<void> => {
    setError(null);
    try {
      const profiles = await call((d) => d.profiles.remove({ profileId: profile.id }));
      useSession.setState({ profiles });
    } catch (e) {
      setError(e);
    } finally {
      setRemoving(null);
    }
  };

  return (
    <>
      <ErrorAlert error={error} />
      <table className="table profile-table" aria-label="Environment profiles">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Base URL</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.id} className={p.active ? 'row-active' : undefined}>
              {/* Name, kind and whether it is in use together: the base URL gets the room. */}
              <td className="profile-name-cell">
                {p.name} <span className={`badge env-badge env-${p.kind}`}>{p.kind}</span>{' '}
                {p.active ? <span className="badge badge-ok">Active</span> : null}
              </td>
              <td className="mono url-cell">{p.baseUrl}</td>
              <td className="actions-cell">
                <div className="row-actions">
                  <button
                    type="button"
                    className="small"
                    disabled={p.active || busy !== null}
                    aria-label={`Use ${p.name}`}
                    onClick={() => (p.kind === 'production' ? setConfirm(p) : void select(p))}
                  >
                    {busy === p.id ? 'Switching…' : p.active ? 'In use' : 'Use'}
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Credentials for ${p.name}`}
                    aria-pressed={credentialsFor === p.id}
                    onClick={() => onEditCredentials(p.id)}
                  >
                    Credentials
                  </button>
                  {p.kind === 'custom' ? (
                    <button
                      type="button"
                      className="small danger"
                      aria-label={`Remove ${p.name}`}
                      disabled={p.active}
                      onClick={() => setRemoving(p)}
                    >
                      Remove
                    </button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirm ? (
        <ProductionSwitchConfirm
          profile={confirm}
          busy={busy !== null}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void select(confirm)}
        />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove the environment ${removing.name}?`}
          confirmLabel="Remove environment"
          tone="danger"
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        >
          <p>Its stored credentials are deleted from the keychain too.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
