// What a desk sees of the team database as a live link, apart from the store
// port's reads and writes: where it is, who it is there, whether it reaches it,
// and the changes every desk writes. The PostgreSQL store implements it
// (postgres/team-store.ts, postgres/listener.ts); the workspace services use it
// without knowing the driver, as they use the port.
import type { TeamStoreError } from './errors';

export type TeamTable =
  'users' | 'orders' | 'transactions' | 'sync_state' | 'policy' | 'audit_log' | 'approval_rules' | 'approvals' | 'account_changes';

export interface TeamChange {
  table: TeamTable;
  /** delete: approval_rules only (the one table whose rows are deleted). */
  op: 'insert' | 'update' | 'delete';
  environment: string | null;
  /**
   * The row's id as text: user id, order id (uuid), audit id, sync scope, rule id;
   * for approvals the order's id (absent for a sync's batch or a decision on an account change).
   */
  id?: string;
  /** orders: the state after the change. */
  state?: string;
  /** transactions: how many rows one statement wrote. */
  count?: number;
}

export interface ListenerStatus {
  connected: boolean;
  /** True on a reconnection after a loss: changes may have been missed, reload. */
  resync: boolean;
}

export interface ListenOptions {
  onStatus?: (status: ListenerStatus) => void;
  /** First retry delay (doubles up to maxRetryMs). Default 200 ms. */
  retryMs?: number;
  maxRetryMs?: number;
  /** A SELECT 1 this often finds a connection that died silently. Default 15 s. */
  heartbeatMs?: number;
}

export interface TeamSubscription {
  readonly connected: boolean;
  close(): Promise<void>;
}

/** The team database as the workspace's status and live updates see it. */
export interface TeamLink {
  /** Where it is connected, for messages: `user@host:port/database`, never the password. */
  readonly target: string;
  /** The database login this store acts as: what every row it writes records. */
  operator(): Promise<string>;
  /** Told when the pool stops reaching the database (away, or the login refused) and when it reaches it again; returns the unsubscribe. */
  onReach(listener: (failure: TeamStoreError | null) => void): () => void;
  /** What any desk (this one too) writes, as it is committed. Closed with the store. */
  listen(onChange: (change: TeamChange) => void, options?: ListenOptions): Promise<TeamSubscription>;
}
