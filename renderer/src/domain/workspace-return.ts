// When the team database counts as back: it was away (or refused the login) and now
// answers. Never a poll that says what was already known, the first answer, or Solo —
// each return makes the screens read again (state/workspace-back.ts). Pure: no DOM.
import type { WorkspaceStatusView } from '../../../shared/desk-api';

export function isReturn(before: WorkspaceStatusView | null, now: WorkspaceStatusView): boolean {
  return before?.kind === 'team' && !before.connected && now.kind === 'team' && now.connected;
}
