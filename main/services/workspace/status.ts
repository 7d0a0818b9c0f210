// Whether the team database is there and as whom the desk works in it, without
// asking the database on every poll. The login never changes for a desk's store,
// so the operator is asked once (the first answer is kept). Whether the database
// answers comes from two places that are there anyway: the live-update listener
// (team-live.ts), which holds a connection of its own, and the pool every read and
// write goes through (connection.ts tells when its reach changes). The listener
// alone is not enough: its connection, made earlier, outlives what stops new ones —
// a password changed by the admin, a server full of connections — so the status
// would say "connected" while every write failed. Either losing the database makes
// the answer "away", with the pool's reason in words when it has one, and
// `workspace.changed` tells the renderer at once. Only while nothing can say (the
// Local sandbox is active, the listener is between attempts, or the pool failed
// last) is the database asked — one short round trip, which doubles as "is it back".
import type { WorkspaceStatusView } from '../../../shared/desk-api';
import type { DeskEventBus } from '../../events';
import type { Logger } from '../../log';
import type { TeamStoreError } from '../../store/errors';
import type { TeamLink } from '../../store/team-link';

export interface WorkspaceStatusOptions {
  /** The team database, or null in Solo. */
  team: Pick<TeamLink, 'target' | 'operator' | 'onReach'> | null;
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

const SOLO: WorkspaceStatusView = { kind: 'solo', operator: null, connected: true, database: null, problem: null };

export function createWorkspaceStatus({ team, events, log }: WorkspaceStatusOptions): WorkspaceStatus {
  if (!team) return { current: async () => SOLO, listening: () => undefined, dispose: () => undefined };
  const connectedAs = (operator: string): WorkspaceStatusView => ({
    kind: 'team',
    operator,
    connected: true,
    database: team.target,
    problem: null,
  });
  // While away the status bar says "database away", not a name it cannot check.
  const away = (problem: WorkspaceStatusView['problem']): WorkspaceStatusView => ({
    kind: 'team',
    operator: null,
    connected: false,
    database: team.target,
    problem,
  });
  let operator: string | null = null;
  let listener: boolean | null = null;
  /** Why the pool's last use could not reach the database; null once one got through. */
  let poolFailure: TeamStoreError | null = null;
  /** The last answer given or announced: the log and the event say only what changed. */
  let last: WorkspaceStatusView | null = null;
  let disposed = false;
  const problemOf = (failure: TeamStoreError | null): WorkspaceStatusView['problem'] =>
    failure && { kind: failure.kind === 'auth' ? 'login-refused' : 'away', message: failure.message };

  const settle = (next: WorkspaceStatusView, error?: unknown): WorkspaceStatusView => {
    if (last?.connected !== next.connected) {
      if (!next.connected) log.warn(`team database ${team.target} did not answer`, error === undefined ? {} : { error });
      else if (last !== null) log.info(`team database ${team.target} answers again`);
    }
    const changed =
      last === null ||
      last.connected !== next.connected ||
      last.operator !== next.operator ||
      last.problem?.message !== next.problem?.message;
    last = next;
    if (changed && !disposed) events.emit('workspace.changed', next);
    return next;
  };

  /** One round trip: who the database says we are, and that it answers at all (the pool tells its own reach). */
  const ask = async (): Promise<WorkspaceStatusView> => {
    try {
      operator = await team.operator();
      return settle(connectedAs(operator));
    } catch (error) {
      return settle(away(problemOf(poolFailure)), error);
    }
  };

  const stopWatchingPool = team.onReach((failure) => {
    poolFailure = failure;
    if (failure) settle(away(problemOf(failure)), failure);
    // Through again: connected if the listener agrees (or there is none to ask).
    else if (operator !== null && listener !== false) settle(connectedAs(operator));
  });

  return {
    current: async () => (listener === true && operator !== null && poolFailure === null ? settle(connectedAs(operator)) : ask()),
    listening(connected) {
      listener = connected;
      if (connected === false) settle(away(null));
      // Connected again: the operator is known from before, or asked once now; a pool
      // that failed last is asked too, so "connected" is never said on the listener's word alone.
      else if (connected === true)
        void (operator !== null && poolFailure === null ? Promise.resolve(settle(connectedAs(operator))) : ask());
    },
    dispose() {
      disposed = true;
      stopWatchingPool();
    },
  };
}
