// main/store's Store seen through the DeskStorePort the services use: the
// store's own names and shapes (snake_case API rows, directory entries, journal
// keyed by idempotency key) mapped onto the bridge's views. libsql is
// synchronous, so every method does its work before it returns and hands back
// a settled promise: a journal write is on disk when its promise resolves, and
// a store error becomes a rejection, never a throw at the call.
import type { AuditEntryView, RateView, UserView } from '../../../shared/desk-api';
import { openStore, type DirectoryUser, type Store, type StoreOptions } from '.';
import { directoryUserView } from '../directory-user';
import { storedTransactionView } from '../stored-transaction';
import type { DeskStorePort } from '../port';

/** The scope of the all-users transaction list in the store's sync state. */
const ALL_USERS = 'all';

function userOf(entry: DirectoryUser): UserView {
  return directoryUserView({ ...entry, id: entry.userId });
}

/** Rate history older than this is dropped: the longest chart range worth keeping. */
export const RATE_RETENTION_MS = 90 * 24 * 3600 * 1000;
const PRUNE_EVERY_RECORDS = 10_000;

export function adaptStore(store: Store): DeskStorePort {
  let recordedSincePrune = 0;
  return {
    holds: {
      available: () => true,
      bankAccountsFirstSeen: async (profileId, userId, ids, source, atMs) =>
        store.bankAccountsSeen.note(profileId, userId, ids, source, atMs),
      release: async (key) => store.journal.release(key),
      cancel: async (key, reason) => store.journal.cancelHeld(key, reason),
      held: async (profileId) => store.journal.held(profileId),
    },
    auditWitness: {
      witness: async (trail) => store.auditWitnesses.get(trail),
      advance: async (trail, next) => store.auditWitnesses.advance(trail, next),
    },
    async saveUser(profileId, user) {
      store.users.saveProfile(
        profileId,
        user.id,
        {
          email: user.email,
          name: user.name,
          surname: user.surname,
          phone: user.phone,
          status: user.status,
          kyc_status: user.kycStatus,
          date_of_birth: user.dateOfBirth ?? null,
          address: user.address ?? null,
          city: user.city ?? null,
          postal_code: user.postalCode ?? null,
          country: user.country ?? null,
        },
        user.fetchedAtMs !== null ? { fetchedAtMs: user.fetchedAtMs } : {},
      );
    },
    discoverUsers: async (profileId, ids) => store.users.discover(profileId, ids),
    async getUser(profileId, userId) {
      const entry = store.users.get(profileId, userId);
      return entry ? userOf(entry) : null;
    },
    searchUsers: async (profileId, query) => store.users.search(profileId, query ?? '').map(userOf),

    beginOrder: async (order) => store.journal.begin(order),
    markOrderAccepted: async (key, transactionId, options) => store.journal.markAccepted(key, transactionId, options),
    markOrderNeedsReview: async (key, reason) => store.journal.markNeedsReview(key, reason),
    markOrderFinal: async (key, state) => store.journal.markFinal(key, state),
    recordOrderState: async (key, state) => store.journal.recordState(key, state),
    markOrderFailed: async (key, reason) => store.journal.markFailed(key, reason),
    hasOrderKey: async (key) => store.journal.byKey(key) !== undefined,
    getOrder: async (profileId, id) => {
      const row = store.journal.get(id);
      return row && row.profileId === profileId ? row : null;
    },
    pendingSends: async (profileId) => store.journal.pendingSends(profileId),
    awaitingSettlement: async (profileId) => store.journal.awaitingSettlement(profileId),
    recentOrders: async (profileId, options) => store.journal.recent(profileId, options),

    // Solo has no team rules for the rates to be valued against.
    shareRates: async () => {},

    async recordRate(profileId, rate: RateView) {
      store.rates.record(profileId, rate.pair, {
        timestampMs: rate.timestampMs,
        price: rate.price,
        priceBuy: rate.priceBuy,
        priceSell: rate.priceSell,
      });
      // Polling adds ~17k rows per pair a day; every so often drop what is past retention.
      if (++recordedSincePrune >= PRUNE_EVERY_RECORDS) {
        recordedSincePrune = 0;
        store.rates.prune(rate.timestampMs - RATE_RETENTION_MS);
      }
    },
    rateSeries: async (profileId, pair, fromMs, toMs, maxPoints) =>
      store.rates.series(profileId, pair, fromMs, toMs, { maxPoints }).map((p) => ({ t: p.t, price: p.price })),
    latestRates: async (profileId) =>
      store.rates.latest(profileId).map((r) => ({
        pair: r.pair,
        price: r.price,
        priceBuy: r.priceBuy,
        priceSell: r.priceSell,
        timestampMs: r.timestampMs,
        receivedAtMs: r.timestampMs,
      })),

    upsertTransactions: async (profileId, rows) => (rows.length === 0 ? 0 : store.transactions.upsert(profileId, rows).added),
    knownTransactionIds: async (profileId, ids) => store.transactions.knownIds(profileId, ids),
    async queryTransactions(profileId, filter, sort, limit, offset) {
      const { rows, total } = store.transactions.query(profileId, filter, { ...(sort ? { sort } : {}), limit, offset });
      return { rows: rows.map(storedTransactionView), total };
    },
    countTransactions: async (profileId) => store.transactions.count(profileId),
    unsettledTransactions: async (profileId) => store.transactions.unsettled(profileId),
    exportTransactionsCsv: async (profileId, filter, sort) => ({
      csv: store.transactions.exportCsv(profileId, filter, sort),
      rows: store.transactions.count(profileId, filter),
    }),
    isHistoryComplete: async (profileId) => store.transactions.syncState(profileId, ALL_USERS)?.complete === true,
    markHistoryComplete: async (profileId) => store.transactions.setSyncState(profileId, ALL_USERS, true),

    async appendAudit(entry) {
      store.audit.append({
        action: entry.action,
        summary: entry.summary,
        outcome: entry.outcome,
        profileId: entry.profileId,
        atMs: entry.atMs,
        osUser: entry.osUser,
      });
    },
    async queryAudit(filter, limit, offset) {
      const { rows, total } = store.audit.query(filter, { limit, offset });
      return {
        rows: rows.map((e): AuditEntryView => ({
          id: e.id,
          atMs: e.atMs,
          osUser: e.osUser,
          profileId: e.profileId ?? '',
          action: e.action,
          summary: e.summary,
          outcome: e.outcome,
        })),
        total,
      };
    },
    exportAuditCsv: async (filter) => ({ csv: store.audit.exportCsv(filter), rows: store.audit.count(filter) }),

    close: async () => store.close(),
  };
}

export function openDeskStore(path: string, options: StoreOptions = {}): DeskStorePort {
  return adaptStore(openStore(path, options));
}
