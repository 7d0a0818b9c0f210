// An in-memory DeskStorePort for unit tests of the services (the real store is
// tested on its own and used by the integration tests).
import type { AuditEntryView, RatePoint, RateView, TransactionView, UserView } from '../../../shared/desk-api';
import type { Transaction } from '../../../shared/kriptomat';
import { transactionView } from '../../../main/services/common/views';
import { isFinalOrderState, isUnsettledApiState } from '../../../shared/order-states';
import type {
  AuditFilter,
  AuditRecord,
  DeskStorePort,
  JournalRow,
  NewOrder,
  TransactionFilter,
  TransactionSort,
} from '../../../main/store/port';

export class MemoryStore implements DeskStorePort {
  users = new Map<string, UserView>();
  discovered = new Map<string, Set<number>>();
  orders = new Map<string, JournalRow>();
  rates: Array<{ profileId: string; rate: RateView }> = [];
  transactions = new Map<string, Map<number, TransactionView>>();
  audit: AuditEntryView[] = [];
  closed = false;

  async saveUser(profileId: string, user: UserView): Promise<void> {
    this.users.set(`${profileId}:${user.id}`, { ...user });
  }
  async discoverUsers(profileId: string, userIds: readonly number[]): Promise<number> {
    const set = this.discovered.get(profileId) ?? new Set<number>();
    this.discovered.set(profileId, set);
    let added = 0;
    for (const id of userIds) {
      if (!set.has(id) && !this.users.has(`${profileId}:${id}`)) added++;
      set.add(id);
    }
    return added;
  }
  async getUser(profileId: string, userId: number): Promise<UserView | null> {
    return this.users.get(`${profileId}:${userId}`) ?? null;
  }
  async searchUsers(profileId: string, query: string | undefined): Promise<UserView[]> {
    const q = (query ?? '').toLowerCase();
    return [...this.users.entries()]
      .filter(([key]) => key.startsWith(`${profileId}:`))
      .map(([, u]) => u)
      .filter((u) => q === '' || `${u.id} ${u.email} ${u.name} ${u.surname}`.toLowerCase().includes(q));
  }
  async beginOrder(order: NewOrder): Promise<JournalRow> {
    const at = Date.now();
    const row: JournalRow = {
      ...order,
      pair: order.pair ?? null,
      bankAccountId: order.bankAccountId ?? null,
      idempotencyKey: order.idempotencyKey ?? `key-${this.orders.size + 1}`,
      id: `o${this.orders.size + 1}`,
      state: 'sending',
      transactionId: null,
      error: null,
      holdUntilMs: null,
      createdAtMs: at,
      updatedAtMs: at,
    };
    this.orders.set(row.idempotencyKey, row);
    return { ...row };
  }
  private transition(key: string, change: (row: JournalRow) => Partial<JournalRow> | null): JournalRow {
    const row = this.orders.get(key);
    if (!row) throw new Error(`no order ${key}`);
    const patch = change(row);
    if (patch) this.orders.set(key, { ...row, ...patch, updatedAtMs: Date.now() });
    return { ...this.orders.get(key)! };
  }
  async markOrderAccepted(key: string, transactionId: number): Promise<JournalRow> {
    return this.transition(key, (r) =>
      r.state === 'sending' || r.state === 'needs_review' ? { state: 'accepted', transactionId, error: null } : null,
    );
  }
  async markOrderNeedsReview(key: string, reason: string): Promise<JournalRow> {
    return this.transition(key, (r) => (r.state === 'sending' ? { state: 'needs_review', error: reason } : null));
  }
  async markOrderFinal(key: string, state: string): Promise<JournalRow> {
    return this.transition(key, (r) => (isFinalOrderState(r.state) ? null : { state }));
  }
  async recordOrderState(key: string, state: string): Promise<JournalRow> {
    return this.transition(key, (r) =>
      r.transactionId !== null && (r.state === 'accepted' || isUnsettledApiState(r.state)) ? { state } : null,
    );
  }
  async markOrderFailed(key: string, reason: string): Promise<JournalRow> {
    return this.transition(key, (r) => (isFinalOrderState(r.state) ? null : { state: 'failed', error: reason }));
  }
  async hasOrderKey(key: string): Promise<boolean> {
    return this.orders.has(key);
  }
  async getOrder(profileId: string, id: string): Promise<JournalRow | null> {
    const row = [...this.orders.values()].find((r) => r.id === id && r.profileId === profileId);
    return row ? { ...row } : null;
  }
  async pendingSends(profileId: string): Promise<JournalRow[]> {
    return [...this.orders.values()].filter((r) => r.profileId === profileId && r.state === 'sending').map((r) => ({ ...r }));
  }
  async awaitingSettlement(profileId: string): Promise<JournalRow[]> {
    return [...this.orders.values()]
      .filter((r) => r.profileId === profileId && r.transactionId !== null && (r.state === 'accepted' || isUnsettledApiState(r.state)))
      .map((r) => ({ ...r }));
  }
  async recentOrders(
    profileId: string,
    options: { userId?: number; states?: readonly string[]; limit?: number } = {},
  ): Promise<JournalRow[]> {
    return [...this.orders.values()]
      .filter((r) => r.profileId === profileId && (options.userId === undefined || r.userId === options.userId))
      .filter((r) => !options.states?.length || options.states.includes(r.state))
      .reverse()
      .slice(0, options.limit ?? 100)
      .map((r) => ({ ...r }));
  }
  async recordRate(profileId: string, rate: RateView): Promise<void> {
    this.rates.push({ profileId, rate });
  }
  /** Each poll's rates as shared with the team, for tests to read. */
  sharedRates: Array<{ profileId: string; rates: readonly RateView[] }> = [];
  async shareRates(profileId: string, rates: readonly RateView[]): Promise<void> {
    this.sharedRates.push({ profileId, rates });
  }
  async rateSeries(profileId: string, pair: string, fromMs: number, toMs: number, maxPoints: number): Promise<RatePoint[]> {
    return this.rates
      .filter((r) => r.profileId === profileId && r.rate.pair === pair && r.rate.timestampMs >= fromMs && r.rate.timestampMs <= toMs)
      .slice(-maxPoints)
      .map((r) => ({ t: r.rate.timestampMs, price: r.rate.price }));
  }
  async latestRates(profileId: string): Promise<RateView[]> {
    const latest = new Map<string, RateView>();
    for (const r of this.rates) if (r.profileId === profileId) latest.set(r.rate.pair, r.rate);
    return [...latest.values()];
  }
  private txOf(profileId: string): Map<number, TransactionView> {
    let map = this.transactions.get(profileId);
    if (!map) this.transactions.set(profileId, (map = new Map()));
    return map;
  }
  async upsertTransactions(profileId: string, rows: readonly Transaction[]): Promise<number> {
    const map = this.txOf(profileId);
    let added = 0;
    for (const row of rows) {
      if (!map.has(row.id)) added++;
      map.set(row.id, transactionView(row));
    }
    return added;
  }
  async exportTransactionsCsv(profileId: string, filter: TransactionFilter, sort: TransactionSort | undefined) {
    const { rows } = await this.queryTransactions(profileId, filter, sort, Number.MAX_SAFE_INTEGER, 0);
    return { csv: rows.map((r) => r.id).join('\r\n'), rows: rows.length };
  }
  async knownTransactionIds(profileId: string, ids: readonly number[]): Promise<Set<number>> {
    const map = this.txOf(profileId);
    return new Set(ids.filter((id) => map.has(id)));
  }
  async queryTransactions(profileId: string, filter: TransactionFilter, sort: TransactionSort | undefined, limit: number, offset: number) {
    let rows = [...this.txOf(profileId).values()].filter(
      (t) =>
        (filter.userId === undefined || t.userId === filter.userId) &&
        (filter.type === undefined || t.type === filter.type) &&
        (filter.state === undefined || t.state === filter.state) &&
        (filter.pair === undefined || t.pair === filter.pair),
    );
    const column = sort?.column ?? 'id';
    const dir = sort?.direction === 'asc' ? 1 : -1;
    rows = rows.sort((a, b) => (a[column] === b[column] ? 0 : (a[column] ?? '') < (b[column] ?? '') ? -dir : dir));
    return { rows: rows.slice(offset, offset + limit), total: rows.length };
  }
  async unsettledTransactions(profileId: string): Promise<{ rows: Array<{ id: number; userId: number }>; newerThanOldest: number }> {
    const all = [...this.txOf(profileId).values()].sort((a, b) => b.id - a.id);
    const rows = all.filter((t) => !isFinalOrderState(t.state)).map((t) => ({ id: t.id, userId: t.userId }));
    const oldest = rows.at(-1);
    return { rows, newerThanOldest: oldest ? all.filter((t) => t.id > oldest.id).length : 0 };
  }
  async countTransactions(profileId: string): Promise<number> {
    return this.txOf(profileId).size;
  }
  complete = new Set<string>();
  async isHistoryComplete(profileId: string): Promise<boolean> {
    return this.complete.has(profileId);
  }
  async markHistoryComplete(profileId: string): Promise<void> {
    this.complete.add(profileId);
  }
  async appendAudit(entry: AuditRecord): Promise<void> {
    this.audit.push({ id: this.audit.length + 1, ...entry });
  }
  async queryAudit(filter: AuditFilter, limit: number, offset: number) {
    const rows = this.audit
      .filter(
        (e) =>
          (filter.action === undefined || e.action === filter.action) && (filter.outcome === undefined || e.outcome === filter.outcome),
      )
      .slice()
      .reverse();
    return { rows: rows.slice(offset, offset + limit), total: rows.length };
  }
  async exportAuditCsv(filter: AuditFilter) {
    const { rows } = await this.queryAudit(filter, Number.MAX_SAFE_INTEGER, 0);
    return { csv: rows.map((r) => r.summary).join('\r\n'), rows: rows.length };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
