// Settings → Workspace: Solo (this desk's own store) or Team (a shared PostgreSQL
// database). The connection settings are saved by main; the password is
// write-only — main keeps it in the keychain and this form only learns whether
// one is stored. Test connection says who the database says we are; Switch asks
// first, then main moves the desk and the page reloads, so every screen reads
// the new workspace from the start.
import { useEffect, useId, useState } from 'react';
import type { DeskInput, WorkspaceSettingsView, WorkspaceTestView } from '../../../../shared/desk-api';
import {
  DEFAULT_TEAM_PORT,
  defaultTlsMode,
  describeWorkspace,
  isLoopbackHost,
  workspaceFieldProblem,
  workspaceTlsWarning,
  type TeamWorkspaceConfig,
  type TlsMode,
  type WorkspaceField,
} from '../../../../shared/workspace-fields';
import { call, fieldError } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { Loading } from '../../components/States';
import '../../styles/workspace.css';

type Kind = 'solo' | 'team';

export function WorkspaceSection() {
  const [view, setView] = useState<WorkspaceSettingsView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = (): void => {
    setError(null);
    call((d) => d.workspace.get({})).then(setView, setError);
  };
  useEffect(load, []);
  return (
    <Section title="Workspace">
      {view ? <WorkspaceForm view={view} /> : error ? null : <Loading what="the workspace settings" />}
      <ErrorAlert error={error} />
      {error ? (
        <button type="button" onClick={load}>
          Retry loading the workspace settings
        </button>
      ) : null}
    </Section>
  );
}

interface Draft {
  host: string;
  port: string;
  database: string;
  user: string;
  tlsMode: TlsMode;
  /** Whether the operator picked the TLS mode (or it was saved): until then it follows the host (defaultTlsMode). */
  tlsChosen: boolean;
  caFile: string;
}

function draftOf(view: WorkspaceSettingsView): Draft {
  if (view.saved.kind === 'team') {
    const c = view.saved.config;
    return {
      host: c.host,
      port: String(c.port),
      database: c.database,
      user: c.user,
      tlsMode: c.tlsMode,
      tlsChosen: true,
      caFile: c.caFile ?? '',
    };
  }
  return {
    host: '',
    port: String(DEFAULT_TEAM_PORT),
    database: 'kriptomat_desk',
    user: '',
    tlsMode: defaultTlsMode(''),
    tlsChosen: false,
    caFile: '',
  };
}

function configOf(draft: Draft): TeamWorkspaceConfig {
  const config: TeamWorkspaceConfig = {
    host: draft.host.trim(),
    port: /^\d{1,5}$/.test(draft.port.trim()) ? Number(draft.port.trim()) : Number.NaN,
    database: draft.database.trim(),
    user: draft.user.trim(),
    tlsMode: draft.tlsMode,
  };
  if (draft.tlsMode === 'verify-full' && draft.caFile.trim() !== '') config.caFile = draft.caFile.trim();
  return config;
}

const tlsWords: Record<TlsMode, string> = {
  disable: 'disable — no TLS (this machine only)',
  require: 'require — encrypted, certificate not checked',
  'verify-full': 'verify-full — encrypted, server’s certificate checked',
};

function describeTest(result: WorkspaceTestView): string {
  const roles = result.roles.length > 0 ? ` (${result.roles.join(', ')})` : '';
  return `Connected to ${result.database} as ${result.operator}${roles}, ${result.encrypted ? 'encrypted with TLS' : 'without TLS'}; schema version ${result.schemaVersion}. This desk would record its work as ${result.operator}.`;
}

function WorkspaceForm({ view }: { view: WorkspaceSettingsView }) {
  const [kind, setKind] = useState<Kind>(view.saved.kind);
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [password, setPassword] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState<'test' | 'switch' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tested, setTested] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const groupName = useId();

  const config = configOf(draft);
  const problem = (field: WorkspaceField): string | undefined => (checked ? workspaceFieldProblem(field, config) : undefined);
  const hasProblems = (['host', 'port', 'database', 'user', 'tlsMode', 'caFile'] as const).some(
    (f) => workspaceFieldProblem(f, config) !== undefined,
  );
  const shown = (field: WorkspaceField | 'password'): string | undefined =>
    fieldError(error, field === 'password' ? 'password' : `config.${field}`) ?? (field === 'password' ? undefined : problem(field));
  const known = ['host', 'port', 'database', 'user', 'tlsMode', 'caFile'].map((f) => `config.${f}`).concat('password', 'config');
  const otherError = known.some((f) => fieldError(error, f)) ? null : error;
  const passwordStored = view.passwordStored && view.saved.kind === 'team';
  const edit = (patch: Partial<Draft>): void => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      // A mode the operator has not picked follows the host: verify-full unless it is this machine.
      return next.tlsChosen ? next : { ...next, tlsMode: defaultTlsMode(next.host) };
    });
    setTested(null);
  };
  const tlsWarning = workspaceTlsWarning(config);

  const test = async (): Promise<void> => {
    setChecked(true);
    if (hasProblems) return;
    setBusy('test');
    setError(null);
    setTested(null);
    try {
      const result = await call((d) => d.workspace.test({ config, ...(password !== '' ? { password } : {}) }));
      setTested(describeTest(result));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const askToSwitch = (): void => {
    setChecked(true);
    setError(null);
    if (kind === 'team' && hasProblems) return;
    setConfirming(true);
  };

  const switchNow = async (): Promise<void> => {
    setBusy('switch');
    setError(null);
    try {
      const input: DeskInput<'workspace.switch'> =
        kind === 'solo' ? { kind: 'solo' } : { kind: 'team', config, ...(password !== '' ? { password } : {}) };
      await call((d) => d.workspace.switch(input));
      setPassword('');
      // Every screen, store and subscription starts again on the new workspace.
      window.location.reload();
    } catch (e) {
      setConfirming(false);
      setError(e);
      setBusy(null);
    }
  };

  const soloActive = view.active === 'solo' && kind === 'solo';
  return (
    <form
      className="form-grid"
      noValidate
      autoComplete="off"
      aria-label="Workspace"
      onSubmit={(e) => {
        e.preventDefault();
        void test();
      }}
    >
      <p className="field-hint">
        Now: <strong data-testid="workspace-active">{view.active === 'team' ? 'Team workspace' : 'Solo workspace'}</strong>
        {view.active === 'team' && view.saved.kind === 'team' && !view.launchFlag ? ` on ${describeWorkspace(view.saved.config)}` : ''}.
      </p>
      {view.launchFlag ? (
        <div className="alert alert-warn" data-testid="workspace-launch-flag">
          This desk was started with <code>--team-db</code>: that database is in effect, and Switch is off until the desk is started without
          the flag. The choice below is what the desk opens then.
        </div>
      ) : null}
      {view.startupProblem ? (
        <div role="alert" className="alert alert-warn">
          {view.startupProblem}
        </div>
      ) : null}
      <fieldset className="segmented">
        <legend>Keep the desk’s data</legend>
        {(['solo', 'team'] as const).map((k) => (
          <label key={k} className={kind === k ? 'checked' : undefined}>
            <input type="radio" name={groupName} value={k} checked={kind === k} onChange={() => setKind(k)} />
            {k === 'solo' ? 'Solo' : 'Team'}
          </label>
        ))}
      </fieldset>
      <p className="field-hint">
        {kind === 'solo'
          ? 'Solo: users, orders, transactions and the audit trail stay in this desk’s own file.'
          : 'Team: every environment except the Local sandbox keeps its users, orders, transactions and audit trail in a shared PostgreSQL database, each row recorded as your database login.'}
      </p>
      {kind === 'team' ? (
        <>
          <TextField
            label="Host"
            value={draft.host}
            onValue={(host) => edit({ host })}
            error={shown('host')}
            placeholder="db.example.com"
            spellCheck={false}
          />
          <TextField label="Port" inputMode="numeric" value={draft.port} onValue={(port) => edit({ port })} error={shown('port')} />
          <TextField
            label="Database"
            value={draft.database}
            onValue={(database) => edit({ database })}
            error={shown('database')}
            spellCheck={false}
          />
          <TextField
            label="User"
            value={draft.user}
            onValue={(user) => edit({ user })}
            error={shown('user')}
            hint="Your own database login: it is the name every row you write records."
            spellCheck={false}
          />
          <SelectField
            label="TLS mode"
            value={draft.tlsMode}
            onValue={(v) => edit({ tlsMode: v === 'disable' || v === 'require' ? v : 'verify-full', tlsChosen: true })}
            error={shown('tlsMode')}
            hint={
              draft.tlsMode === 'disable' && !isLoopbackHost(draft.host) ? (
                'disable is only for a database on this machine (127.0.0.1, ::1, localhost).'
              ) : tlsWarning ? (
                <span className="field-warning" data-testid="workspace-tls-warning">
                  <strong>Warning:</strong> {tlsWarning}
                </span>
              ) : undefined
            }
          >
            {(['verify-full', 'require', 'disable'] as const).map((m) => (
              <option key={m} value={m}>
                {tlsWords[m]}
              </option>
            ))}
          </SelectField>
          {draft.tlsMode === 'verify-full' ? (
            <TextField
              label="CA file (PEM, optional)"
              value={draft.caFile}
              onValue={(caFile) => edit({ caFile })}
              error={shown('caFile')}
              placeholder="/etc/ssl/certs/team-ca.pem"
              hint="Leave it empty when the server’s certificate comes from a certificate authority this computer already trusts (a public one, or your company’s installed in the system): the desk checks it against those. Otherwise the full path, on this machine, of the CA certificate that signed the server’s; the desk reads it and never shows it here."
              spellCheck={false}
            />
          ) : null}
          <TextField
            label="Password"
            type="password"
            value={password}
            onValue={(p) => {
              setPassword(p);
              setTested(null);
            }}
            autoComplete="new-password"
            placeholder={passwordStored ? 'Leave empty to use the stored one' : ''}
            adornment={
              passwordStored ? (
                <span className={`badge ${view.keychain.available ? 'badge-ok' : 'badge-warn'}`}>
                  {view.keychain.available ? 'Stored in the keychain' : 'Held for this session'}
                </span>
              ) : null
            }
            hint={
              view.keychain.available
                ? 'Kept in the system keychain, never in the settings file.'
                : 'There is no system keychain: the password is kept in memory for this session only.'
            }
            error={shown('password')}
          />
        </>
      ) : null}
      <div className="actions">
        {kind === 'team' ? (
          <button type="submit" disabled={busy !== null}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
        ) : null}
        {/* In Solo with Solo chosen there is nothing to switch to: the line above says "Now: Solo workspace". */}
        {soloActive ? null : (
          <button type="button" className="primary" onClick={askToSwitch} disabled={busy !== null || view.launchFlag}>
            {kind === 'solo' ? 'Switch to Solo…' : 'Switch to Team…'}
          </button>
        )}
      </div>
      <ErrorAlert error={otherError} />
      <StatusNote>{tested}</StatusNote>
      {confirming ? (
        <ConfirmDialog
          title={kind === 'solo' ? 'Switch to the Solo workspace?' : 'Switch to the Team workspace?'}
          confirmLabel={kind === 'solo' ? 'Switch to Solo' : 'Switch to Team'}
          busy={busy === 'switch'}
          busyNote="Signing out and opening the workspace…"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void switchNow()}
        >
          {kind === 'solo' ? (
            <p>
              The desk signs out, leaves the team database and works from its own file on this machine again. The saved team database and
              its password are forgotten. The page reloads.
            </p>
          ) : (
            <p>
              The desk tests the connection, signs out and opens {describeWorkspace(config)}. From then on every environment except the
              Local sandbox keeps its users, orders, transactions and audit trail there, recorded as {config.user}. The password goes to the
              keychain. The page reloads.
            </p>
          )}
          {kind === 'team' && tlsWarning ? (
            // Said again at the last step: the password goes to whoever answers.
            <p className="field-warning" data-testid="workspace-switch-tls-warning">
              <strong>Warning:</strong> {tlsWarning}
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
