// workspace.* — which workspace the desk works in (Solo: its own SQLite store;
// Team: the shared PostgreSQL database) and who the database says we are. The
// answer comes from what the desk knows already (status.ts): the
// database is asked only while the live-update listener cannot say.
import type { HandlersOf } from '../common/handlers';
import type { WorkspaceHostMethod } from './choice';
import type { WorkspaceStatus } from './status';

/** workspace.status, served by the workspace's own desk; the rest of workspace.* by the host (choice.ts). */
export function createWorkspaceHandlers(status: Pick<WorkspaceStatus, 'current'>): Omit<HandlersOf<'workspace'>, WorkspaceHostMethod> {
  return {
    'workspace.status': () => status.current(),
  };
}
