// Team workspace, database away: what the operator can and cannot do until it is
// back (main refuses journaled actions meanwhile; reads from Kriptomat go on).
import { useWorkspace } from '../state/workspace';
import '../styles/workspace.css';

export function WorkspaceBanner() {
  const status = useWorkspace((s) => s.status);
  if (status?.kind !== 'team' || status.connected) return null;
  const refused = status.problem?.kind === 'login-refused';
  return (
    <div className="workspace-away" role="alert">
      <strong>{refused ? 'The team database refuses this desk’s login' : 'The team database cannot be reached'}</strong> ({status.database}
      ). Orders, withdrawals, new users, user changes and bank accounts on shared environments wait until{' '}
      {refused ? 'the login is accepted again' : 'it is back'}; reading from Kriptomat still works.{' '}
      {/* A refused login is not fixed by waiting: say what does. */}
      {refused
        ? 'If the password was changed, enter the new one in Settings → Workspace, or ask the team’s admin.'
        : 'The desk keeps trying by itself.'}
      {status.problem ? <p className="workspace-away-why">{status.problem.message}</p> : null}
    </div>
  );
}

/** The status bar's words for the workspace. */
export function workspaceWords(status: ReturnType<typeof useWorkspace.getState>['status']): string | null {
  if (!status) return null;
  if (status.kind === 'solo') return 'Solo workspace';
  if (status.connected) return `Team workspace · ${status.operator ?? 'operator unknown'}`;
  return status.problem?.kind === 'login-refused' ? 'Team workspace · login refused' : 'Team workspace · database away';
}
