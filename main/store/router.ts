// The desk's store when it works in a team workspace: one DeskStorePort that
// sends each profile's data to the store it belongs to. Profiles the team shares
// go to the team database (main/store/postgres/adapter.ts); the Local sandbox is private
// to this desk and stays in its own SQLite file. The services see one port and
// never know which store answered.
//
// Journal transitions name a row by its idempotency key only, so the router
// remembers which store the rows it has handed out came from — the most recently
// seen few thousand (OWNERS_REMEMBERED), not every row listed in a long session.
// A key it does not remember is looked up in the desk's own journal (a local
// SQLite read): there, it is the Local sandbox's; not there, it is the team's.
// A desk store without that lookup falls back to the active profile's store.
import type { DeskStorePort, JournalApprovals, JournalHolds, JournalRow } from './port';

/** How many rows' stores the router remembers: more than the orders screens show at once. */
export const OWNERS_REMEMBERED = 5000;

export interface StoreRouterOptions {
  /** The desk's own SQLite store. */
  local: DeskStorePort;
  /** The team database behind the port. */
  team: DeskStorePort;
  /** Whether a profile's data lives in the team database. */
  isShared(profileId: string): boolean;
  /** The profile the desk is on now. */
  activeProfileId(): string;
  /** How many rows' stores to remember (tests); default OWNERS_REMEMBERED. */
  remembered?: number;
}

export function createStoreRouter(options: StoreRouterOptions): DeskStorePort {
  const { local, team } = options;
  const storeOf = (profileId: string): DeskStorePort => (options.isShared(profileId) ? team : local);
  const limit = options.remembered ?? OWNERS_REMEMBERED;
  /** Key → store, oldest first (a Map keeps insertion order; a use moves a key to the end). */
  const owners = new Map<string, DeskStorePort>();

  /** Notes where a row lives, so a later transition by key goes to the same store. */
  const remember = (key: string, port: DeskStorePort): void => {
    owners.delete(key);
    owners.set(key, port);
    if (owners.size > limit) owners.delete(owners.keys().next().value as string);
  };
  const noted = (port: DeskStorePort, row: JournalRow): JournalRow => {
    remember(row.idempotencyKey, port);
    return row;
  };
  const notedAll = (port: DeskStorePort, rows: JournalRow[]): JournalRow[] => rows.map((row) => noted(port, row));
  const ownerOf = async (key: string): Promise<DeskStorePort> => {
    const known = owners.get(key);
    if (known) {
      remember(key, known);
      return known;
    }
    if (!local.hasOrderKey) return storeOf(options.activeProfileId());
    const port = (await local.hasOrderKey(key)) ? local : team;
    remember(key, port);
    return port;
  };
  const listed = async (profileId: string, read: (port: DeskStorePort) => Promise<JournalRow[]>): Promise<JournalRow[]> => {
    const port = storeOf(profileId);
    return notedAll(port, await read(port));
  };

  const teamLeases = team.leases;
  return {
    // Only the team's rows are leased; the Local sandbox's are this desk's alone.
    ...(teamLeases
      ? {
          leases: {
            shared: (profileId: string) => options.isShared(profileId) && teamLeases.shared(profileId),
            claim: async (profileId: string) => {
              const row = await teamLeases.claim(profileId);
              return row ? noted(team, row) : null;
            },
            hold: (key: string) => teamLeases.hold(key),
          },
        }
      : {}),
    // Only the Local sandbox's journal (this desk's own) holds orders.
    ...(local.holds
      ? {
          holds: {
            available: (profileId: string) => !options.isShared(profileId) && local.holds!.available(profileId),
            bankAccountsFirstSeen: (profileId, userId, ids, source, atMs) =>
              local.holds!.bankAccountsFirstSeen(profileId, userId, ids, source, atMs),
            release: async (key: string) => noted(local, await local.holds!.release(key)),
            cancel: async (key: string, reason: string) => noted(local, await local.holds!.cancel(key, reason)),
            held: async (profileId: string) => notedAll(local, await local.holds!.held(profileId)),
          } satisfies JournalHolds,
        }
      : {}),
    // Approvals are the team's: shared profiles only (the Local sandbox has its own hold).
    ...(team.approvals
      ? {
          approvals: routedApprovals(
            team.approvals,
            (profileId) => options.isShared(profileId),
            (row) => noted(team, row),
          ),
        }
      : {}),
    writable: async (profileId) => {
      if (options.isShared(profileId)) await team.writable?.(profileId);
    },
    saveUser: (profileId, user) => storeOf(profileId).saveUser(profileId, user),
    discoverUsers: (profileId, ids) => storeOf(profileId).discoverUsers(profileId, ids),
    getUser: (profileId, userId) => storeOf(profileId).getUser(profileId, userId),
    searchUsers: (profileId, query) => storeOf(profileId).searchUsers(profileId, query),

    async beginOrder(order) {
      const port = storeOf(order.profileId);
      return noted(port, await port.beginOrder(order));
    },
    markOrderAccepted: async (key, transactionId, acceptOptions) =>
      (await ownerOf(key)).markOrderAccepted(key, transactionId, acceptOptions),
    markOrderNeedsReview: async (key, reason) => (await ownerOf(key)).markOrderNeedsReview(key, reason),
    markOrderFinal: async (key, state) => (await ownerOf(key)).markOrderFinal(key, state),
    recordOrderState: async (key, state) => (await ownerOf(key)).recordOrderState(key, state),
    markOrderFailed: async (key, reason) => (await ownerOf(key)).markOrderFailed(key, reason),
    async getOrder(profileId, id) {
      const port = storeOf(profileId);
      const row = await port.getOrder(profileId, id);
      return row ? noted(port, row) : null;
    },
    pendingSends: (profileId) => listed(profileId, (port) => port.pendingSends(profileId)),
    awaitingSettlement: (profileId) => listed(profileId, (port) => port.awaitingSettlement(profileId)),
    recentOrders: (profileId, opts) => listed(profileId, (port) => port.recentOrders(profileId, opts)),

    // The team port keeps rate history in the desk's own store too; routed like the rest for one rule.
    recordRate: (profileId, rate) => storeOf(profileId).recordRate(profileId, rate),
    shareRates: (profileId, rates) => storeOf(profileId).shareRates(profileId, rates),
    rateSeries: (profileId, pair, fromMs, toMs, maxPoints) => storeOf(profileId).rateSeries(profileId, pair, fromMs, toMs, maxPoints),
    latestRates: (profileId) => storeOf(profileId).latestRates(profileId),

    upsertTransactions: (profileId, rows) => storeOf(profileId).upsertTransactions(profileId, rows),
    knownTransactionIds: (profileId, ids) => storeOf(profileId).knownTransactionIds(profileId, ids),
    queryTransactions: (profileId, filter, sort, limit, offset) =>
      storeOf(profileId).queryTransactions(profileId, filter, sort, limit, offset),
    countTransactions: (profileId) => storeOf(profileId).countTransactions(profileId),
    unsettledTransactions: (profileId) => storeOf(profileId).unsettledTransactions(profileId),
    exportTransactionsCsv: (profileId, filter, sort) => storeOf(profileId).exportTransactionsCsv(profileId, filter, sort),
    isHistoryComplete: (profileId) => storeOf(profileId).isHistoryComplete(profileId),
    markHistoryComplete: (profileId) => storeOf(profileId).markHistoryComplete(profileId),

    // An entry is written where its profile's data lives: the team's trail for shared profiles.
    appendAudit: (entry) => storeOf(entry.profileId).appendAudit(entry),
    // The trail shown is the active profile's store's: on a shared profile the team's
    // whole trail (every operator, every shared environment), on the Local sandbox this
    // desk's own. Not merged: the two trails have different clocks, and only the team's is hash-chained.
    queryAudit: (filter, limit, offset) => storeOf(options.activeProfileId()).queryAudit(filter, limit, offset),
    exportAuditCsv: (filter) => storeOf(options.activeProfileId()).exportAuditCsv(filter),
    auditEntry: async (id) => (await storeOf(options.activeProfileId()).auditEntry?.(id)) ?? null,
    // The chain checked is the trail shown: the team's on a shared profile; the Local sandbox's has none.
    verifyAudit: async () => (await storeOf(options.activeProfileId()).verifyAudit?.()) ?? null,
    checkAuditWitness: async () => (await storeOf(options.activeProfileId()).checkAuditWitness?.()) ?? null,

    // The team's policy is for shared profiles only; the Local sandbox follows the desk's settings.
    sharedLimit: async (profileId) => (options.isShared(profileId) ? ((await team.sharedLimit?.(profileId)) ?? null) : null),
    async setSharedLimit(profileId, perOrderLimitEur) {
      if (!options.isShared(profileId) || !team.setSharedLimit) {
        throw new Error(`Profile ${profileId} has no team policy: its per-order limit is the desk's own setting.`);
      }
      return team.setSharedLimit(profileId, perOrderLimitEur);
    },

    async close() {
      const results = await Promise.allSettled([team.close(), local.close()]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** The team's approvals for shared profiles only; a proposal's row is noted as the team's, like any row handed out. */
function routedApprovals(
  team: JournalApprovals,
  isShared: (profileId: string) => boolean,
  noted: (row: JournalRow) => JournalRow,
): JournalApprovals {
  return {
    ...team,
    shared: (profileId) => isShared(profileId) && team.shared(profileId),
    propose: async (proposal) => noted(await team.propose(proposal)),
  };
}
