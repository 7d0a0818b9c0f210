// workspace.* — which workspace the desk works in (Solo: its own SQLite store;
// Team: the shared PostgreSQL database) and who the database says we are.
import type { WorkspaceStatusView } from '../../shared/desk-api';
import type { Logger } from '../log';
import type { TeamStore } from '../team/team-store';
import type { HandlersOf } from './handlers';
import type { WorkspaceHostMethod } from './workspace-choice';

export interface WorkspaceOptions {
  /** The team database, or null in Solo. */
  team: Pick<TeamStore, 'target' | 'operator'> | null;
  log: Logger;
}

/** workspace.status, served by the workspace's own desk; the rest of workspace.* by the host (workspace-choice.ts). */
export function createWorkspaceHandlers({ team, log }: WorkspaceOptions): Omit<HandlersOf<'workspace'>, WorkspaceHostMethod> {
  /** The last answer, so the log says only when the database goes away or comes back. */
  let wasConnected: boolean | null = null;
  return {
    async 'workspace.status'() {
      if (!team) return { kind: 'solo', operator: null, connected: true, database: null } satisfies WorkspaceStatusView;
      try {
        // Asked every time rather than cached: the answer doubles as "is the database there now".
        const operator = await team.operator();
        if (wasConnected === false) log.info(`team database ${team.target} answers again`);
        wasConnected = true;
        return { kind: 'team', operator, connected: true, database: team.target };
      } catch (error) {
        if (wasConnected !== false) log.warn(`team database ${team.target} did not answer`, { error });
        wasConnected = false;
        return { kind: 'team', operator: null, connected: false, database: team.target };
      }
    },
  };
}
