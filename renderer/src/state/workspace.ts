// Which workspace the desk works in (Solo, or Team on the shared PostgreSQL
// database) and whether that database answers. Asked at start; in Team, main says
// at once when the database goes away or comes back (workspace.changed), and the
// desk asks again every few seconds as well — main answers that from what it
// knows, asking the database only while its live-update listener cannot say — so
// the banner appears and goes by itself.
import { create } from 'zustand';
import type { WorkspaceStatusView } from '../../../shared/desk-api';
import { call } from '../bridge';
import { isReturn } from '../domain/workspace-return';

const TEAM_POLL_MS = 5_000;

interface WorkspaceState {
  status: WorkspaceStatusView | null;
  /** Bumped each time the team database answers again after being away: what was read meanwhile is read again. */
  backAgain: number;
}

export const useWorkspace = create<WorkspaceState>()(() => ({ status: null, backAgain: 0 }));

function setStatus(status: WorkspaceStatusView): void {
  useWorkspace.setState((s) => ({ status, backAgain: isReturn(s.status, status) ? s.backAgain + 1 : s.backAgain }));
}

async function refresh(): Promise<WorkspaceStatusView | null> {
  try {
    const status = await call((d) => d.workspace.status({}));
    setStatus(status);
    return status;
  } catch {
    // The bridge itself failed: the status bar keeps what it knew.
    return useWorkspace.getState().status;
  }
}

/** workspace.changed: main's answer as it is now. */
export function applyWorkspaceChanged(status: WorkspaceStatusView): void {
  setStatus(status);
}

/** Starts asking; returns the stop. Solo is asked once: it changes only by Settings → Workspace's Switch, which reloads the page. */
export function followWorkspace(): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loop = async (): Promise<void> => {
    const status = await refresh();
    if (stopped || status?.kind !== 'team') return;
    timer = setTimeout(() => void loop(), TEAM_POLL_MS);
  };
  void loop();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
