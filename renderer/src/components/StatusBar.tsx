// Always-visible answer to "where am I and am I signed in": environment name and
// colour (production as a red band with the word PRODUCTION), session state (or that
// the environment has no credentials yet), time left, last renewal, whether Kriptomat
// answers (KriptomatHealthIndicator), a running transaction sync and the team database.
import type { SessionView } from '../../../shared/desk-api';
import { formatCountdown, formatTime } from '../format';
import { useCredentialsGap } from '../hooks/use-credentials-gap';
import { useNow } from '../hooks/use-now';
import { hrefFor } from '../state/navigation';
import { useSession } from '../state/session';
import { KriptomatHealthIndicator } from './KriptomatHealthIndicator';
import { SyncIndicator } from './SyncIndicator';
import { workspaceWords } from './WorkspaceBanner';
import { useWorkspace } from '../state/workspace';

/** The session's state in words, here and on the Environments screen. */
export const sessionStateWords: Record<SessionView['state'], string> = {
  'signed-out': 'Signed out',
  'signing-in': 'Signing in…',
  active: 'Signed in',
  refreshing: 'Renewing session…',
  error: 'Session error',
};

export function StatusBar() {
  const session = useSession((s) => s.session);
  const sessionError = useSession((s) => s.sessionError);
  const now = useNow(1000);
  const gap = useCredentialsGap();
  const kind = session?.profileKind ?? 'none';
  const left = session?.expiresAtMs ? session.expiresAtMs - now : null;
  const workspaceStatus = useWorkspace((s) => s.status);
  const workspace = workspaceWords(workspaceStatus);

  return (
    <footer className={`status-bar env-${kind}`} aria-label="Status bar">
      <span className="env-chip" data-testid="environment">
        {kind === 'production' ? <strong className="prod-word">PRODUCTION</strong> : null}
        <span className="env-name" title={session?.profileName}>
          {session ? session.profileName : 'No environment'}
        </span>
        {session && kind !== 'production' ? <span className="env-kind">({kind})</span> : null}
      </span>
      <span className={`session-state state-${gap ? 'no-credentials' : (session?.state ?? 'unknown')}`} data-testid="session-state">
        {gap ? 'No credentials' : session ? sessionStateWords[session.state] : sessionError ? 'Session unknown' : 'Connecting…'}
      </span>
      {gap ? <a href={hrefFor({ screen: 'environments' })}>Add them on the Environments screen</a> : null}
      {session?.state === 'active' || session?.state === 'refreshing' ? (
        <span data-testid="session-time-left">
          {left !== null ? (left > 0 ? `Expires in ${formatCountdown(left)}` : 'Expired') : 'No expiry known'}
        </span>
      ) : null}
      {session?.lastRenewedAtMs ? <span>Last renewal {formatTime(session.lastRenewedAtMs)}</span> : null}
      <KriptomatHealthIndicator />
      <SyncIndicator />
      {workspace ? (
        <span
          className={`workspace-state${workspaceStatus?.kind === 'team' && !workspaceStatus.connected ? ' status-error' : ''}`}
          data-testid="workspace-state"
          title={workspaceStatus?.database ?? undefined}
        >
          {workspace}
        </span>
      ) : null}
      {session?.error && !gap ? (
        <span className="status-error" title={session.error}>
          {session.error}
        </span>
      ) : null}
      {sessionError ? <span className="status-error">{sessionError}</span> : null}
    </footer>
  );
}
