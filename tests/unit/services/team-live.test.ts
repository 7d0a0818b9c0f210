// Live updates from the team database turned into desk events (main/services/workspace/team-live.ts),
// with a fake listener: the environment filter, repeats and stale reads, profile switches,
// transaction refreshes, and a reconnection (a reload, and the orders missed meanwhile).
import { describe, expect, it, vi } from 'vitest';
import { DeskEventBus } from '../../../main/events';
import { silentLogger } from '../../../main/log';
import { createApprovalsAnnouncer } from '../../../main/services/approvals/announce';
import type { AuditWitnessCheck, JournalApprovals, JournalRow } from '../../../main/store/port';
import { realTimers } from '../../../main/services/runtime/timers';
import { createTeamLive } from '../../../main/services/workspace/team-live';
import type { ListenOptions, TeamChange } from '../../../main/store/postgres/listener';
import type { AuditEntryView, DeskEventName, UserView } from '../../../shared/desk-api';

const ENV = 'http://127.0.0.1:1/v1#client-1';
const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

function row(id: string, state: string, updatedAtMs: number): JournalRow {
  return {
    id,
    profileId: 'p1',
    userId: 1,
    kind: 'buy',
    pair: 'btceur',
    amount: '10.00',
    bankAccountId: null,
    idempotencyKey: 'k',
    state,
    transactionId: null,
    error: null,
    holdUntilMs: null,
    createdAtMs: 1,
    updatedAtMs,
  };
}

function setup(opts: { syncing?: boolean; now?: () => number; onListening?: (connected: boolean | null) => void } = {}) {
  const listeners: Array<{ onChange: (c: TeamChange) => void; options: ListenOptions | undefined; closed: boolean }> = [];
  const team = {
    listen: vi.fn((onChange: (c: TeamChange) => void, options?: ListenOptions) => {
      const entry = { onChange, options, closed: false };
      listeners.push(entry);
      return Promise.resolve({ connected: true, close: async () => void (entry.closed = true) });
    }),
  };
  const users = new Map<number, UserView>();
  const orders = new Map<string, JournalRow>();
  const audit = new Map<number, AuditEntryView>();
  const pending = { n: 0 };
  /** What the witness check answers (the team port reads the head and compares). */
  const witness: { check: AuditWitnessCheck | null } = { check: null };
  const store = {
    auditEntry: vi.fn(async (id: number) => audit.get(id) ?? null),
    checkAuditWitness: vi.fn(async () => witness.check),
    getUser: vi.fn(async (_p: string, id: number) => users.get(id) ?? null),
    getOrder: vi.fn(async (_p: string, id: string) => orders.get(id) ?? null),
    // Newest first by creation, like the stores; the fake's rows are created in id order.
    recentOrders: vi.fn(async (_p: string, o?: { limit?: number }) => [...orders.values()].reverse().slice(0, o?.limit ?? 100)),
    approvals: {
      shared: (p: string) => p !== 'local-sandbox',
      countPending: vi.fn(async () => ({ pending: pending.n, awaitingYou: 0 })),
    } as unknown as JournalApprovals,
  };
  const events = new DeskEventBus();
  const seen: Array<{ name: DeskEventName; payload: unknown }> = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const announcer = createApprovalsAnnouncer({ store, events, log: silentLogger, timers: realTimers, delayMs: 5, isActive: () => true });
  const live = createTeamLive({
    team,
    store,
    announcer,
    events,
    log: silentLogger,
    isShared: (p) => p !== 'local-sandbox',
    environmentKeyOf: (p) => (p === 'local-sandbox' ? null : ENV),
    syncing: () => opts.syncing ?? false,
    syncRefreshMs: 5,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.onListening ? { onListening: opts.onListening } : {}),
  });
  const named = (name: DeskEventName) => seen.filter((e) => e.name === name).map((e) => e.payload);
  return { team, listeners, users, orders, audit, pending, witness, store, events, live, named };
}

const user = (id: number, name: string): UserView => ({ id, name }) as unknown as UserView;

describe('team live updates', () => {
  it('emits an audit entry appended in this environment, read back; not one of another environment', async () => {
    const t = setup();
    t.live.follow('p1');
    await tick();
    const entry: AuditEntryView = {
      id: 12,
      atMs: 5,
      osUser: 'bob',
      profileId: 'p1',
      action: 'user.create',
      summary: 'create user x',
      outcome: 'ok',
    };
    t.audit.set(12, entry);
    t.audit.set(13, { ...entry, id: 13 });
    t.listeners[0]!.onChange({ table: 'audit_log', op: 'insert', environment: 'https://other/v1#client-2', id: '13' });
    t.listeners[0]!.onChange({ table: 'audit_log', op: 'insert', environment: ENV, id: '12' });
    await tick();
    expect(t.named('audit.appended')).toEqual([entry]);
    await t.live.dispose();
  });

  it('after audit rows of any environment, checks the trail against the witness once, and tells a break once', async () => {
    const t = setup();
    t.live.follow('p1');
    await tick();
    const seen = { id: 7, hash: 'a'.repeat(64), seenAtMs: 1 };
    t.witness.check = { witness: seen, broken: null };
    t.listeners[0]!.onChange({ table: 'audit_log', op: 'insert', environment: 'https://other/v1#client-2', id: '8' });
    await tick(20);
    expect(t.store.checkAuditWitness).toHaveBeenCalledTimes(1);
    expect(t.named('audit.trailBroken')).toEqual([]);

    const message =
      'The trail no longer contains row #7 (hash …) that this desk saw on …: rows were removed from its end or the head moved back.';
    t.witness.check = { witness: seen, broken: message };
    for (const id of ['9', '10']) t.listeners[0]!.onChange({ table: 'audit_log', op: 'insert', environment: ENV, id });
    await tick(20);
    t.listeners[0]!.onChange({ table: 'audit_log', op: 'insert', environment: ENV, id: '11' });
    await tick(20);
    expect(t.store.checkAuditWitness).toHaveBeenCalledTimes(3);
    expect(t.named('audit.trailBroken')).toEqual([{ witnessedId: 7, message }]);
    await t.live.dispose();
  });

  it('emits a user another desk wrote in this environment, and ignores other environments', async () => {
    const t = setup();
    t.live.follow('p1');
    await tick();
    t.users.set(7, user(7, 'Seven'));
    t.listeners[0]!.onChange({ table: 'users', op: 'insert', environment: 'https://other/v1#client-2', id: '7' });
    t.listeners[0]!.onChange({ table: 'users', op: 'insert', environment: ENV, id: '7' });
    await tick();
    expect(t.named('users.updated')).toEqual([user(7, 'Seven')]);
    // The same view again (this desk's own write, already emitted): not again.
    t.listeners[0]!.onChange({ table: 'users', op: 'update', environment: ENV, id: '7' });
    await tick();
    expect(t.named('users.updated')).toHaveLength(1);
    await t.live.dispose();
  });

  it('emits an order read back, never a repeat or an older state than one already shown', async () => {
    const t = setup();
    t.live.follow('p1');
    await tick();
    t.orders.set('o1', row('o1', 'sending', 10));
    t.listeners[0]!.onChange({ table: 'orders', op: 'insert', environment: ENV, id: 'o1', state: 'sending' });
    await tick();
    expect(t.named('orders.updated')).toMatchObject([{ id: 'o1', state: 'sending', profileId: 'p1' }]);
    // The order service emitted a later state; a late read of the older one is dropped.
    t.events.emit('orders.updated', { ...(t.named('orders.updated')[0] as object), state: 'accepted', updatedAtMs: 20 } as never);
    t.listeners[0]!.onChange({ table: 'orders', op: 'update', environment: ENV, id: 'o1', state: 'sending' });
    await tick();
    expect(t.named('orders.updated')).toHaveLength(2);
    await t.live.dispose();
  });

  it('listens only while a shared profile is active, and stops on dispose', async () => {
    const t = setup();
    t.live.follow('p1');
    t.live.follow('p1');
    await tick();
    expect(t.team.listen).toHaveBeenCalledTimes(1);
    t.live.follow('local-sandbox');
    await tick();
    expect(t.listeners[0]!.closed).toBe(true);
    expect(t.team.listen).toHaveBeenCalledTimes(1);
    // A notification that was already on its way for the old profile shows nothing.
    t.users.set(7, user(7, 'Seven'));
    t.listeners[0]!.onChange({ table: 'users', op: 'insert', environment: ENV, id: '7' });
    await tick();
    expect(t.named('users.updated')).toEqual([]);
    t.live.follow('p1');
    await tick();
    expect(t.team.listen).toHaveBeenCalledTimes(2);
    await t.live.dispose();
    expect(t.listeners[1]!.closed).toBe(true);
  });

  it('says how its listener is: unknown on each profile switch, then connected or lost as it reports, never for a profile it left', async () => {
    const states: Array<boolean | null> = [];
    const t = setup({ onListening: (connected) => states.push(connected) });
    t.live.follow('p1');
    await tick();
    t.listeners[0]!.options?.onStatus?.({ connected: true, resync: false });
    t.listeners[0]!.options?.onStatus?.({ connected: false, resync: false });
    t.listeners[0]!.options?.onStatus?.({ connected: true, resync: true });
    expect(states).toEqual([null, true, false, true]);
    t.live.follow('local-sandbox');
    // The old subscription's late report is not this profile's.
    t.listeners[0]!.options?.onStatus?.({ connected: false, resync: false });
    expect(states).toEqual([null, true, false, true, null]);
    await t.live.dispose();
  });

  it('counts the pending proposals again after a burst of proposal, decision and rule notifications, once', async () => {
    const t = setup();
    t.live.follow('p1');
    await tick();
    t.pending.n = 2;
    t.listeners[0]!.onChange({ table: 'orders', op: 'insert', environment: ENV, id: 'o1', state: 'awaiting_approval' });
    t.listeners[0]!.onChange({ table: 'approvals', op: 'insert', environment: ENV, id: 'o2' });
    t.listeners[0]!.onChange({ table: 'approval_rules', op: 'delete', environment: ENV, id: '3' });
    // Another environment's proposal counts nothing here.
    t.listeners[0]!.onChange({ table: 'approvals', op: 'insert', environment: 'other', id: 'o9' });
    await tick(30);
    expect(t.named('approvals.changed')).toEqual([{ pending: 2, awaitingYou: 0 }]);
    t.pending.n = 1;
    t.listeners[0]!.onChange({ table: 'approvals', op: 'insert', environment: ENV, id: 'o1' });
    await tick(30);
    expect(t.named('approvals.changed')).toEqual([
      { pending: 2, awaitingYou: 0 },
      { pending: 1, awaitingYou: 0 },
    ]);
    // A proposed account change (adding a bank account, a status change) counts too.
    t.pending.n = 3;
    t.listeners[0]!.onChange({ table: 'account_changes', op: 'insert', environment: ENV, id: 'c1', state: 'awaiting_approval' });
    await tick(30);
    expect(t.named('approvals.changed')).toEqual([
      { pending: 2, awaitingYou: 0 },
      { pending: 1, awaitingYou: 0 },
      { pending: 3, awaitingYou: 0 },
    ]);
    await t.live.dispose();
  });

  it('counts nothing for an order merely sent, claimed or settled after its release', async () => {
    const t = setup();
    t.live.follow('p1');
    await tick();
    t.orders.set('o1', row('o1', 'sending', 10));
    t.listeners[0]!.onChange({ table: 'orders', op: 'update', environment: ENV, id: 'o1', state: 'sending' });
    t.listeners[0]!.onChange({ table: 'orders', op: 'update', environment: ENV, id: 'o1', state: 'accepted' });
    t.listeners[0]!.onChange({ table: 'orders', op: 'update', environment: ENV, id: 'o1', state: 'success' });
    await tick(30);
    expect(t.named('approvals.changed')).toEqual([]);
    // An order that expired awaiting approval leaves the queue.
    t.listeners[0]!.onChange({ table: 'orders', op: 'update', environment: ENV, id: 'o1', state: 'expired' });
    await tick(30);
    expect(t.named('approvals.changed')).toEqual([{ pending: 0, awaitingYou: 0 }]);
    await t.live.dispose();
  });

  it("gathers a sync's notifications into one reload, and reloads after a reconnection", async () => {
    const t = setup();
    t.live.follow('p1');
    await tick();
    t.listeners[0]!.onChange({ table: 'transactions', op: 'insert', environment: ENV, count: 50 });
    t.listeners[0]!.onChange({ table: 'transactions', op: 'update', environment: ENV, count: 3 });
    t.listeners[0]!.onChange({ table: 'sync_state', op: 'update', environment: ENV, id: 'history' });
    await tick(30);
    expect(t.named('transactions.syncProgress')).toEqual([{ phase: 'done', pagesDone: 0, pagesTotal: 0 }]);
    t.listeners[0]!.options?.onStatus?.({ connected: false, resync: false });
    t.listeners[0]!.options?.onStatus?.({ connected: true, resync: true });
    await tick(30);
    expect(t.named('transactions.syncProgress')).toHaveLength(2);
    // An audit entry reloads nothing.
    t.listeners[0]!.onChange({ table: 'audit_log', op: 'insert', environment: ENV, id: '5' });
    await tick(30);
    expect(t.named('transactions.syncProgress')).toHaveLength(2);
    await t.live.dispose();
  });

  it('after a reconnection emits the orders that moved on meanwhile, and nothing it already showed or that did not change', async () => {
    let clock = 1_000_000_000;
    const t = setup({ now: () => clock });
    t.live.follow('p1');
    await tick();
    // Shown before the loss: o1 on its way, o2 final; o0 only listed long ago (never an event).
    t.orders.set('o0', row('o0', 'success', 1_000));
    t.orders.set('o1', row('o1', 'accepted', clock - 10));
    t.orders.set('o2', row('o2', 'success', clock - 5));
    t.events.emit('orders.updated', { ...row('o1', 'accepted', clock - 10), transactionId: null } as never);
    t.events.emit('orders.updated', { ...row('o2', 'success', clock - 5) } as never);
    const shownBefore = t.named('orders.updated').length;
    t.listeners[0]!.options?.onStatus?.({ connected: false, resync: false });
    // Meanwhile on another desk: o1 settles, o3 is placed; their notifications are lost.
    clock += 60_000;
    t.orders.set('o1', row('o1', 'success', clock));
    t.orders.set('o3', row('o3', 'sending', clock + 1));
    t.listeners[0]!.options?.onStatus?.({ connected: true, resync: true });
    await tick(30);
    expect(t.named('orders.updated').slice(shownBefore)).toMatchObject([
      { id: 'o1', state: 'success' },
      { id: 'o3', state: 'sending' },
    ]);
    await t.live.dispose();
  });

  it('leaves a sync this desk runs itself to report its own progress', async () => {
    const t = setup({ syncing: true });
    t.live.follow('p1');
    await tick();
    t.listeners[0]!.onChange({ table: 'transactions', op: 'insert', environment: ENV, count: 50 });
    await tick(30);
    expect(t.named('transactions.syncProgress')).toEqual([]);
    await t.live.dispose();
  });
});
