// The bridge's typed event map: what main pushes to the renderer, and the list
// of event names the preload and the browser harness subscribe from. Each payload
// is a view of its area. Pure: no Node or DOM imports.
import type { AuditEntryView } from './audit';
import type { KriptomatHealthView, RateView } from './market';
import type { OrderView } from './orders';
import type { SessionView } from './session';
import type { UserView } from './users';
import type { WorkspaceStatusView } from './workspace';

export interface DeskEvents {
  'session.changed': SessionView;
  'session.totpNeeded': { profileId: string; reason: string };
  'rates.tick': RateView;
  /** Kriptomat's health changed (ok, slow, unreachable, or the next retry moved). */
  'kriptomat.health': KriptomatHealthView;
  'orders.updated': OrderView;
  'users.updated': UserView;
  'transactions.syncProgress': { phase: 'running' | 'done' | 'error'; pagesDone: number; pagesTotal: number | null; message?: string };
  /** Team: an entry appended to the active environment's trail (by any desk), read back from the database. */
  'audit.appended': AuditEntryView;
  /**
   * Team: the trail no longer holds the newest row this desk saw (its witness): rows
   * were removed from its end or the head moved back. `message` names the rows.
   */
  'audit.trailBroken': { witnessedId: number; message: string };
  /**
   * A proposal was made, decided or expired (by this desk or another), once per burst
   * of changes: how many await approval, and how many of them this login may decide on now.
   */
  'approvals.changed': { pending: number; awaitingYou: number };
  /** Team: the database went away or answers again (workspace.status's answer, as it is now). */
  'workspace.changed': WorkspaceStatusView;
  /**
   * Team: the active environment's policy changed (the per-order limit, the rate move
   * limit or a rule, by any desk): settings.get and policy.get answer differently now.
   */
  'policy.changed': { changed: 'limits' | 'rules' };
}
export type DeskEventName = keyof DeskEvents;
export const deskEventNames: readonly DeskEventName[] = [
  'session.changed',
  'session.totpNeeded',
  'rates.tick',
  'kriptomat.health',
  'orders.updated',
  'users.updated',
  'transactions.syncProgress',
  'audit.appended',
  'audit.trailBroken',
  'approvals.changed',
  'workspace.changed',
  'policy.changed',
];
