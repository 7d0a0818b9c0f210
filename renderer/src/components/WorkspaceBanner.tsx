// Team workspace, database away: what the operator can and cannot do until it is
// back (main refuses journaled actions meanwhile; reads from Kriptomat go on).
import { useWorkspace } from '../state/workspace';
import '../styles/workspace.css';

export function WorkspaceBanner() {
  const status = useWorkspace((s) => s.status);
  if (status?.kind !== 'team' || status.connected) return null;
  return (
    <div className="workspace-away" role="alert">
      <strong>The team database cannot be reached</strong> ({status.database}). Orders, withdrawals, new users, user
      changes and bank accounts on shared environments wait until it is back; reading from Kriptomat still works. The
      desk keeps trying by itself.
    </div>
  );
}

/** The status bar's words for the workspace. */
export function workspaceWords(status: ReturnType<typeof useWorkspace.getState>['status']): string | null {
  if (!status) return null;
  if (status.kind === 'solo') return 'Solo workspace';
  return status.connected ? `Team workspace · ${status.operator ?? 'operator unknown'}` : 'Team workspace · database away';
}
