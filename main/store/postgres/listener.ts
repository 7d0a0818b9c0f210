// Live updates between desks: one dedicated connection LISTENs on the change
// channel and hands each notification on. The migrations' triggers send small
// payloads — table, operation, environment, the row's id (and an order's state,
// or a sync's row count) — so a desk re-reads what it shows instead of trusting
// a copy from the wire.
//
// A lost connection is re-made with backoff. Notifications sent while it was
// away are lost (PostgreSQL keeps none for absent listeners), so `onStatus`
// reports each reconnection and the desk then reloads what it shows.
import pg from 'pg';
import { teamClientConfig, type TeamDb } from './connection';
import { CHANGE_CHANNEL } from './constants';
import type { ListenOptions, TeamChange, TeamSubscription, TeamTable } from '../team-link';

export type { ListenOptions, ListenerStatus, TeamChange, TeamSubscription, TeamTable } from '../team-link';

const TABLES: ReadonlySet<string> = new Set<TeamTable>([
  'users',
  'orders',
  'transactions',
  'sync_state',
  'policy',
  'audit_log',
  'approval_rules',
  'approvals',
  'account_changes',
]);

/** A payload from our own triggers, checked anyway: anyone with the right to NOTIFY could send one. */
export function parseChange(payload: string | undefined): TeamChange | null {
  if (!payload) return null;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.table !== 'string' || !TABLES.has(v.table)) return null;
  if (v.op !== 'insert' && v.op !== 'update' && !(v.op === 'delete' && v.table === 'approval_rules')) return null;
  const change: TeamChange = {
    table: v.table as TeamTable,
    op: v.op,
    environment: typeof v.environment === 'string' ? v.environment : null,
  };
  if (typeof v.id === 'string') change.id = v.id;
  if (typeof v.state === 'string') change.state = v.state;
  if (typeof v.count === 'number') change.count = v.count;
  return change;
}

/** Resolves once the first attempt to connect has succeeded or failed; after a failure it keeps trying. */
export async function listenForChanges(
  db: TeamDb,
  onChange: (change: TeamChange) => void,
  options: ListenOptions = {},
): Promise<TeamSubscription> {
  const firstRetry = options.retryMs ?? 200;
  const maxRetry = options.maxRetryMs ?? 5000;
  let client: pg.Client | null = null;
  let connected = false;
  let closed = false;
  let everConnected = false;
  let delay = firstRetry;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const setStatus = (now: boolean, resync: boolean): void => {
    if (now === connected && !resync) return;
    connected = now;
    options.onStatus?.({ connected: now, resync });
  };

  const drop = (c: pg.Client): void => {
    if (client !== c) return;
    client = null;
    clearInterval(heartbeat);
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    setStatus(false, false);
    scheduleRetry();
  };

  const scheduleRetry = (): void => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void attempt();
    }, delay);
    delay = Math.min(delay * 2, maxRetry);
  };

  const attempt = async (): Promise<void> => {
    const c = new pg.Client({ ...teamClientConfig(db), query_timeout: 10_000 });
    c.on('error', () => drop(c));
    c.on('end', () => drop(c));
    c.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      const change = parseChange(message.payload);
      if (change) onChange(change);
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch {
      drop(c);
      return;
    }
    if (closed || client !== c) {
      await c.end().catch(() => undefined);
      return;
    }
    delay = firstRetry;
    setStatus(true, everConnected);
    everConnected = true;
    heartbeat = setInterval(() => {
      c.query('SELECT 1').catch(() => drop(c));
    }, options.heartbeatMs ?? 15_000);
  };

  await attempt();
  return {
    get connected() {
      return connected;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('notification');
        await c.end().catch(() => undefined);
      }
    },
  };
}
