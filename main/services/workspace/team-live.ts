// Live updates between desks in the Team workspace: while a shared profile is
// active the desk LISTENs to the team database (TeamStore.listen) and turns what
// another desk wrote in that profile's environment into the desk events the
// renderer already handles, so it updates without a refresh:
// - a user written       → re-read from the store → `users.updated`;
// - an order written     → re-read from the store → `orders.updated` (orderView,
//                          as the order service emits it);
// - transactions synced  → `transactions.syncProgress` `{phase: 'done'}`, which
//                          makes the renderer reload the table and the directory;
// - an audit entry       → re-read from the store → `audit.appended` (any desk's,
//                          this one's too: the notification does not say who); and,
//                          for an entry of any environment (the trail is the team's),
//                          the trail's head checked against this desk's witness
//                          (store/audit-witness.ts), which advances — or, when the trail
//                          no longer holds the row this desk saw, `audit.trailBroken`;
// - a proposal, decision or rule change (approvals, account_changes, approval_rules;
//   an order made a proposal or expired) → the approvals announcer (approvals/announce.ts),
//                          which gathers them with this desk's own announcements into one
//                          `approvals.changed` per burst; an order merely being sent is none;
//
// Notifications carry ids only, so what is emitted is always read back from the
// store. A view identical to the last one emitted for that id (this desk's own
// write, already emitted by its service) is not emitted again, nor an order
// older than one already shown. Notifications for other environments are
// ignored; the subscription follows the active profile and is closed when it
// changes to one that is not shared, and on dispose. After the listener lost its
// connection (`resync`), the transaction table and directory are reloaded once,
// and the orders that moved on meanwhile are read and emitted (catchUpOrders):
// notifications sent while it was away are lost for good.
import type { AuditEntryView, OrderView, UserView } from '../../../shared/desk-api';
import type { DeskEventBus } from '../../events';
import type { Logger } from '../../log';
import type { TeamChange, TeamLink, TeamSubscription } from '../../store/team-link';
import type { ApprovalsAnnouncer } from '../approvals/announce';
import type { DeskStorePort, JournalRow } from '../../store/port';
import { orderView } from '../common/views';
import { AWAITING_APPROVAL, isFinalOrderState } from '../../../shared/order-states';

/** How far along an order's state is, for two views written within the same millisecond. */
function progress(state: string): number {
  if (state === 'sending') return 0;
  if (state === 'accepted' || state === 'needs_review') return 1;
  return isFinalOrderState(state) ? 3 : 2;
}

/**
 * Whether `view` moves the order on from what was last shown: a later write, or one
 * of the same millisecond that is further along. A read that lost a race with a
 * newer event (or repeats it) is not shown.
 */
function isNewer(view: OrderView, last: { updatedAtMs: number; json: string; state: string }): boolean {
  if (last.json === JSON.stringify(view)) return false;
  if (view.updatedAtMs !== last.updatedAtMs) return view.updatedAtMs > last.updatedAtMs;
  return progress(view.state) > progress(last.state);
}

export interface TeamLiveOptions {
  team: Pick<TeamLink, 'listen'>;
  store: Pick<DeskStorePort, 'getUser' | 'getOrder' | 'recentOrders' | 'auditEntry' | 'checkAuditWitness'>;
  /** Told when the approvals queue changed; it counts and emits `approvals.changed`. */
  announcer: Pick<ApprovalsAnnouncer, 'announce'>;
  events: DeskEventBus;
  log: Logger;
  /** Whether a profile's data lives in the team database (every profile but the Local sandbox). */
  isShared(profileId: string): boolean;
  /** The team environment key of a profile, or null while its base URL or partner client id is not known. */
  environmentKeyOf(profileId: string): string | null;
  /** True while this desk syncs transactions itself: its own sync reports its own progress. */
  syncing(): boolean;
  /** How long transaction notifications are gathered before one reload. Default 250 ms. */
  syncRefreshMs?: number;
  /** The desk's clock (tests). */
  now?: () => number;
  /**
   * The listener's state as it changes: connected, lost, or null while there is
   * none (a profile that is not shared) or it has not connected yet. The workspace
   * status answers from it (status.ts).
   */
  onListening?: (connected: boolean | null) => void;
}

export interface TeamLive {
  /** Follows `profileId` (the active profile): listens when it is shared, else not at all. */
  follow(profileId: string): void;
  dispose(): Promise<void>;
}

/** How many ids the duplicate check remembers. */
const REMEMBERED = 2000;

/** After a reconnection, the newest orders read again (as many as the orders view loads). */
const CATCH_UP_RECENT = 100;
/**
 * How long before the loss was noticed an order's change may be and still count as
 * missed: the rows carry the database's clock, not the desk's, and a silent loss is
 * noticed only at the next heartbeat. Changes already shown are never emitted again.
 */
const CATCH_UP_MARGIN_MS = 5 * 60_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
}

export function createTeamLive(options: TeamLiveOptions): TeamLive {
  const refreshMs = options.syncRefreshMs ?? 250;
  let profileId: string | null = null;
  let subscription: Promise<TeamSubscription | null> | null = null;
  let disposed = false;
  let refreshTimer: NodeJS.Timeout | undefined;
  let witnessTimer: NodeJS.Timeout | undefined;
  /** The last break told, so a burst of audit rows tells it once. */
  let lastBreak: string | null = null;
  /** When this desk noticed the listener was gone (its own clock); null while connected. */
  let lostAtMs: number | null = null;
  const now = options.now ?? Date.now;

  /** What was last emitted (by any service or by this file), to skip repeats and stale reads. */
  const lastUser = new Map<string, string>();
  const lastOrder = new Map<string, { updatedAtMs: number; json: string; state: string; profileId: string }>();
  const unsubscribeBus = options.events.subscribe((name, payload) => {
    if (name === 'users.updated') {
      const user = payload as UserView;
      remember(lastUser, String(user.id), JSON.stringify(user));
    } else if (name === 'orders.updated') {
      const order = payload as OrderView;
      remember(lastOrder, order.id, {
        updatedAtMs: order.updatedAtMs,
        json: JSON.stringify(order),
        state: order.state,
        profileId: order.profileId,
      });
    }
  });

  const current = (): boolean => !disposed && profileId !== null;

  const emitUser = async (forProfile: string, id: number): Promise<void> => {
    const view = await options.store.getUser(forProfile, id);
    if (!view || profileId !== forProfile || disposed) return;
    if (lastUser.get(String(id)) === JSON.stringify(view)) return;
    options.events.emit('users.updated', view);
  };

  /** Emits a row read back unless it is not newer than the view last shown; one never shown is emitted when `unseenSinceMs` allows it. */
  const emitOrderRow = (forProfile: string, row: JournalRow, unseenSinceMs = -Infinity): void => {
    if (profileId !== forProfile || disposed) return;
    const view = orderView(row);
    const last = lastOrder.get(row.id);
    if (last ? !isNewer(view, last) : view.updatedAtMs < unseenSinceMs) return;
    options.events.emit('orders.updated', view);
  };

  const emitOrder = async (forProfile: string, id: string): Promise<void> => {
    const row = await options.store.getOrder(forProfile, id);
    if (row) emitOrderRow(forProfile, row);
  };

  /**
   * After the listener was away: the newest orders (one placed meanwhile shows if it
   * changed since `sinceMs`), and every order this desk showed on its way (not final),
   * however old, since it may have settled meanwhile. Oldest change first.
   */
  const catchUpOrders = async (forProfile: string, sinceMs: number): Promise<void> => {
    const recent = await options.store.recentOrders(forProfile, { limit: CATCH_UP_RECENT });
    const listed = new Set(recent.map((row) => row.id));
    const open = [...lastOrder.entries()]
      .filter(([id, last]) => last.profileId === forProfile && !listed.has(id) && !isFinalOrderState(last.state))
      .map(([id]) => id);
    const reread = await Promise.all(open.map((id) => options.store.getOrder(forProfile, id)));
    const rows = [...recent, ...reread.filter((row): row is JournalRow => row !== null)].sort((x, y) => x.updatedAtMs - y.updatedAtMs);
    for (const row of rows) emitOrderRow(forProfile, row, sinceMs);
  };

  const emitAudit = async (forProfile: string, id: number): Promise<void> => {
    const entry: AuditEntryView | null = (await options.store.auditEntry?.(id)) ?? null;
    if (!entry || profileId !== forProfile || disposed) return;
    options.events.emit('audit.appended', entry);
  };

  const refreshTransactions = (): void => {
    if (refreshTimer !== undefined) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      if (!current() || options.syncing()) return;
      options.events.emit('transactions.syncProgress', { phase: 'done', pagesDone: 0, pagesTotal: 0 });
    }, refreshMs);
  };

  /** The trail's head against this desk's witness, once per burst of audit rows (as transactions are reloaded). */
  const checkWitness = (forProfile: string): void => {
    if (witnessTimer !== undefined || !options.store.checkAuditWitness) return;
    witnessTimer = setTimeout(() => {
      witnessTimer = undefined;
      if (profileId !== forProfile || disposed) return;
      options.store.checkAuditWitness!()
        .then((check) => {
          const broken = check?.broken ?? null;
          if (broken === lastBreak || profileId !== forProfile || disposed) return;
          lastBreak = broken;
          if (broken === null || !check?.witness) return;
          options.log.warn('the team audit trail no longer holds the row this desk saw', { witnessedId: check.witness.id });
          options.events.emit('audit.trailBroken', { witnessedId: check.witness.id, message: broken });
        })
        .catch((error: unknown) => options.log.warn('live update: could not check the audit trail against its witness', { error }));
    }, refreshMs);
  };

  const onChange = (forProfile: string, change: TeamChange): void => {
    if (profileId !== forProfile || disposed) return;
    // One trail for the whole team: a row of any environment moves its head.
    if (change.table === 'audit_log') checkWitness(forProfile);
    const key = options.environmentKeyOf(forProfile);
    if (key === null || change.environment !== key) return;
    let work: Promise<void> | null = null;
    switch (change.table) {
      case 'users': {
        const id = Number(change.id);
        if (Number.isSafeInteger(id) && id > 0) work = emitUser(forProfile, id);
        break;
      }
      case 'orders':
        if (change.id) work = emitOrder(forProfile, change.id);
        // The queue changes when an order becomes a proposal or one expires; a decision (release,
        // rejection) writes an approvals row too. The sends, claims and settlements that follow
        // a release change nothing in the queue.
        if (change.state === AWAITING_APPROVAL || change.state === 'expired') options.announcer.announce(forProfile);
        break;
      case 'approval_rules':
        // A rule changes what is proposed from now on, and Settings shows the rules.
        options.events.emit('policy.changed', { changed: 'rules' });
        options.announcer.announce(forProfile);
        break;
      case 'approvals':
      case 'account_changes':
        options.announcer.announce(forProfile);
        break;
      case 'policy':
        // The order checks read the limit afresh for every order (orders/limit.ts); Settings is told.
        options.events.emit('policy.changed', { changed: 'limits' });
        break;
      case 'audit_log': {
        const id = Number(change.id);
        if (Number.isSafeInteger(id) && id > 0) work = emitAudit(forProfile, id);
        break;
      }
      case 'transactions':
      case 'sync_state':
        refreshTransactions();
        break;
      default:
        break;
    }
    work?.catch((error: unknown) =>
      options.log.warn('live update: could not read a row another desk wrote', { table: change.table, id: change.id, error }),
    );
  };

  const stop = (): Promise<void> => {
    const closing = subscription;
    subscription = null;
    clearTimeout(refreshTimer);
    refreshTimer = undefined;
    clearTimeout(witnessTimer);
    witnessTimer = undefined;
    return closing ? closing.then((s) => s?.close()).catch(() => undefined) : Promise.resolve();
  };

  return {
    follow(next) {
      if (disposed || next === profileId) return;
      void stop();
      profileId = next;
      lostAtMs = null;
      options.onListening?.(null);
      if (!options.isShared(next)) return;
      subscription = options.team
        .listen((change) => onChange(next, change), {
          onStatus: (status) => {
            if (profileId !== next || disposed) return;
            options.onListening?.(status.connected);
            if (!status.connected) {
              lostAtMs ??= now();
              return;
            }
            // Connected (first, or again): whatever happened to the trail meanwhile is checked.
            checkWitness(next);
            if (!status.resync) return;
            refreshTransactions();
            // Proposals made or decided while the listener was away: counted again.
            options.announcer.announce(next);
            const since = (lostAtMs ?? now()) - CATCH_UP_MARGIN_MS;
            lostAtMs = null;
            catchUpOrders(next, since).catch((error: unknown) =>
              options.log.warn('live update: could not read the orders changed while the listener was away', { error }),
            );
          },
        })
        .catch((error: unknown) => {
          options.log.warn('live updates from the team database are off', { error });
          return null;
        });
    },
    async dispose() {
      disposed = true;
      unsubscribeBus();
      await stop();
    },
  };
}
