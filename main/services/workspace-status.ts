// Whether the team database is there and as whom the desk works in it, without
// asking the database on every poll. The login never changes for a desk's store,
// so the operator is asked once (the first answer is kept). Whether the database
// answers comes from the live-update listener (team-live.ts), which holds a
// connection anyway: while it is connected the answer costs nothing, and when it
// connects or loses its connection `workspace.changed` tells the renderer at once.
// Only while no listener can say (the Local sandbox is active, or it is between
// attempts) is the database asked — one short round trip, which doubles as "is it
// back".
import type { WorkspaceStatusView } from '../../shared/desk-api';
import type { DeskEventBus } from '../events';
import type { Logger } from '../log';
import type { TeamStore } from '../team/team-store';

export interface WorkspaceStatusOptions {
  /** The team database, or null in Solo. */
  team: Pick<TeamStore, 'target' | 'operator'> | null;
  events: Pick<DeskEventBus, 'emit'>;
  log: Logger;
}

export interface WorkspaceStatus {
  /** workspace.status's answer. */
  current(): Promise<WorkspaceStatusView>;
  /** The listener's state: connected, lost, or null while there is none (or it has not connected yet). */
  listening(connected: boolean | null): void;
  /** Announces nothing more: the desk is closing (a workspace switch shares the event bus with the next desk). */
  dispose(): void;
}

const SOLO: WorkspaceStatusView = { kind: 'solo', operator: null, connected: true, database: null };

export function createWorkspaceStatus({ team, events, log }: WorkspaceStatusOptions): WorkspaceStatus {
  if (!team) return { current: async () => SOLO, listening: () => undefined, dispose: () => undefined };
  const view = (connected: boolean, operator: string | null): WorkspaceStatusView => ({
    kind: 'team',
    // While away the status bar says "database away", not a name it cannot check.
    operator: connected ? operator : null,
    connected,
    database: team.target,
  });
  let operator: string | null = null;
  let listener: boolean | null = null;
  /** The last answer given or announced: the log and the event say only what changed. */
  let last: WorkspaceStatusView | null = null;
  let disposed = false;

  const settle = (next: WorkspaceStatusView, error?: unknown): WorkspaceStatusView => {
    if (last?.connected !== next.connected) {
      if (!next.connected) log.warn(`team database ${team.target} did not answer`, error === undefined ? {} : { error });
      else if (last !== null) log.info(`team database ${team.target} answers again`);
    }
    const changed = last === null || last.connected !== next.connected || last.operator !== next.operator;
    last = next;
    if (changed && !disposed) events.emit('workspace.changed', next);
    return next;
  };

  /** One round trip: who the database says we are, and that it answers at all. */
  const ask = async (): Promise<WorkspaceStatusView> => {
    try {
      operator = await team.operator();
      return settle(view(true, operator));
    } catch (error) {
      return settle(view(false, null), error);
    }
  };

  return {
    current: async () => (listener === true && operator !== null ? settle(view(true, operator)) : ask()),
    listening(connected) {
      listener = connected;
      if (connected === false) settle(view(false, null));
      // Connected again: the operator is known from before, or asked once now.
      else if (connected === true) void (operator !== null ? Promise.resolve(settle(view(true, operator))) : ask());
    },
    dispose() {
      disposed = true;
    },
  };
}
