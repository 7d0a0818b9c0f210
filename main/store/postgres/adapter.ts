// TeamStore behind the services' DeskStorePort (main/store/port.ts), so
// the services run on the team database without knowing it. The port speaks of
// profile ids; the team database keys everything by environment (base URL and
// partner client id, environment.ts), so each profile is mapped to its
// environment, registered once, and rows read back are mapped to the profile
// again.
//
// How the desk picks a store per profile (main/store/router.ts): a profile
// whose environment the team shares goes through this port; the Local sandbox
// never does — it is private to one desk and always stays in the desk's own
// SQLite store. `environmentOf` answers null for a profile that is not shared,
// and this port refuses the Local sandbox by its id whatever `environmentOf`
// says, so a wiring mistake is a clear error rather than sandbox rows in the
// team database.
//
// Where the two stores legitimately differ (tests/integration/store-port states
// each difference as a capability):
// - audit rows get the server's time and the database login (session_user) as
//   who did it, not the desk's clock and OS account; the team's CSV has its own
//   columns (operator, environment, the chain hash);
// - rate history stays per desk: `rates` is the desk's own store;
// - so does the witness of the team's audit trail (../audit-witness.ts): the
//   newest row this desk saw, kept where no database login can reach it;
// - idempotency keys are minted by the database: a caller's key is refused;
// - `fsync: false` on an accepted answer means nothing here: every commit is durable.
import type { AuditEntryView, RateView } from '../../../shared/desk-api';
import { PAIR_PATTERN } from '../../../shared/pairs';
import { LOCAL_SANDBOX_PROFILE_ID } from '../../settings/profile';
import type { AuditWitnessKeeper, DeskStorePort, JournalRow, SharedLimit, TeamOrder, TeamProposal } from '../port';
import { nextWitness, witnessBreak, type AuditWitness } from '../audit-witness';
import type { AuditVerification } from '../audit-verification';
import { NotSharedProfileError, TeamStoreError } from '../errors';
import { environmentKey } from './environment';
import { DEFAULT_RATE_MOVE_PERCENT } from './constants';
import type { TeamAuditEntryView, TeamPolicy, TeamStore } from './team-store';

/** One partner account on one API: what the team database keys a profile's data by. */
export interface TeamEnvironment {
  baseUrl: string;
  clientId: number;
}

/** The team environment of a profile, or null when the profile is not shared (the Local sandbox). */
export type EnvironmentOf = (profileId: string) => TeamEnvironment | null;

/** What stays on the desk in a team workspace: its rate history. */
/** Decimal text above 0 (desk.rates' CHECK): a decimal with a non-zero digit. */
const isPositiveRate = (text: string): boolean => /^\d+(\.\d+)?$/.test(text) && /[1-9]/.test(text);

export type DeskRates = Pick<DeskStorePort, 'recordRate' | 'rateSeries' | 'latestRates'>;

export interface TeamPortOptions {
  /** The desk's own store, where rate history stays (the issue: "rate history may stay per desk"). */
  rates: DeskRates;
  /**
   * Where this desk keeps its witness of the team's audit trail (the desk's own store),
   * and the name of the trail: the team database's host, port and database. Absent: no witness.
   */
  witness?: { keeper: AuditWitnessKeeper; trail: string; now?: () => number };
}

function sharedLimit(policy: TeamPolicy | null): SharedLimit {
  return policy
    ? { perOrderLimitEur: policy.perOrderLimitEur, setBy: policy.updatedBy, setAtMs: policy.updatedAtMs }
    : { perOrderLimitEur: null, setBy: null, setAtMs: null };
}

/**
 * The team's row as the port's journal row: its profile put back, and what only the
 * team keeps (who placed, changed and holds it) left out, so a row reads the same
 * whichever call returned it. The team journal holds nothing: its cool-off is an
 * approval (issue 13).
 */
function journalRow(order: TeamOrder, profileId: string): JournalRow {
  const {
    environment: _environment,
    placedBy: _placedBy,
    updatedBy: _updatedBy,
    claimedBy: _claimedBy,
    leaseExpiresAtMs: _lease,
    ...fields
  } = order;
  return { ...fields, profileId, holdUntilMs: null };
}

/** A proposal as the journal row it is, without its approval (JournalApprovals hands that out as the proposal). */
function proposalRow(proposal: TeamProposal, profileId: string): JournalRow {
  const {
    approvalState: _approvalState,
    proposedBy: _proposedBy,
    proposedAtMs: _proposedAtMs,
    valueEur: _valueEur,
    rateAtProposal: _rateAtProposal,
    bankAccountAgeHours: _bankAccountAgeHours,
    rule: _rule,
    decidedAtMs: _decidedAtMs,
    decisions: _decisions,
    approvals: _approvals,
    ...order
  } = proposal;
  return journalRow(order, profileId);
}

/** Runs a write of the team's policy; the grant decides (desk_admin only), and a refusal says so in the operator's words. */
async function adminOnly<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof TeamStoreError && error.kind === 'permission') {
      throw new TeamStoreError(
        'permission',
        `Only a desk admin may change the team's ${what}: the team database refused it for this operator (${error.message.replace(/^Not allowed for this operator: /, '')}).`,
        error.code,
      );
    }
    throw error;
  }
}

export function createTeamStorePort(team: TeamStore, environmentOf: EnvironmentOf, options: TeamPortOptions): DeskStorePort {
  /** Environment key → its registration (once per key; a failed one is tried again next time). */
  const registered = new Map<string, Promise<string>>();
  /** Environment key → profile id, for rows read back (journal transitions, audit rows). */
  const profiles = new Map<string, string>();

  /** The key a profile has now, or null (removed, not shared, or no client id yet). */
  const currentKey = (profileId: string): string | null => {
    const env = profileId === LOCAL_SANDBOX_PROFILE_ID ? null : environmentOf(profileId);
    return env ? environmentKey(env.baseUrl, env.clientId) : null;
  };

  // Worked out on every call, not remembered per profile: saving other credentials
  // (a new partner client id) moves the profile to another environment at once.
  const environment = (profileId: string): Promise<string> => {
    const expected = currentKey(profileId);
    if (expected === null) return Promise.reject(new NotSharedProfileError(profileId));
    const holder = profiles.get(expected);
    // Two profiles on one partner account would read each other's journal under the wrong name;
    // a profile removed (or moved elsewhere) since does not count.
    if (holder !== undefined && holder !== profileId && currentKey(holder) === expected) {
      return Promise.reject(new TeamStoreError('conflict', `Profiles ${holder} and ${profileId} are the same environment (${expected}).`));
    }
    for (const [key, owner] of profiles) if (owner === profileId && key !== expected) profiles.delete(key);
    profiles.set(expected, profileId);
    let key = registered.get(expected);
    if (!key) {
      const env = environmentOf(profileId)!;
      key = team.registerEnvironment(env.baseUrl, env.clientId);
      key.catch(() => registered.delete(expected));
      registered.set(expected, key);
    }
    return key;
  };

  /** The profile a row of the team database belongs to, as far as this desk knows it. */
  const profileOf = (environmentKey: string | null): string =>
    environmentKey === null ? '' : (profiles.get(environmentKey) ?? environmentKey);

  /** Journal transitions name the row by key only: its profile comes back from its environment. */
  const row = (order: TeamOrder): JournalRow => journalRow(order, profileOf(order.environment));

  const witness = options.witness;
  const witnessNow = witness?.now ?? Date.now;
  /** After a check found the trail still holds what this desk saw: the witness moves to the head. */
  const advanceWitness = async (seen: AuditWitness | null, head: { id: number; hash: string }): Promise<AuditWitness | null> => {
    const next = nextWitness(seen, { ...head, witnessedHash: null }, witnessNow());
    return next !== null && next !== seen ? witness!.keeper.advance(witness!.trail, next) : seen;
  };

  const auditView = (r: TeamAuditEntryView): AuditEntryView => ({
    id: r.id,
    atMs: r.atMs,
    // Who did it is the database login, never a name the desk sent.
    osUser: r.operator,
    profileId: profileOf(r.environment),
    action: r.action,
    summary: r.summary,
    outcome: r.outcome,
  });

  return {
    // Held by the database login: two desks signed in as one operator share a hold (journal.ts).
    leases: {
      shared: () => true,
      async claim(profileId) {
        const claimed = await team.claimForSending(await environment(profileId));
        return claimed ? journalRow(claimed, profileId) : null;
      },
      hold: (key) => team.extendLease(key),
    },

    // Four-eyes approvals: the database judges; refusals come back in its words.
    approvals: {
      shared: () => true,
      roles: () => team.roles(),
      operator: () => team.operator(),
      async policy(profileId) {
        const env = await environment(profileId);
        const [rules, policy] = await Promise.all([team.listRules(env), team.getPolicy(env)]);
        return { rules, rateMovePercent: policy?.rateMovePercent ?? DEFAULT_RATE_MOVE_PERCENT };
      },
      saveRule: async (profileId, rule) => adminOnly('approval rules', async () => team.saveRule(await environment(profileId), rule)),
      removeRule: async (profileId, id) => adminOnly('approval rules', async () => team.deleteRule(await environment(profileId), id)),
      async setRateMovePercent(profileId, percent) {
        await adminOnly('rate move limit', async () => team.setRateMovePercent(await environment(profileId), percent));
      },
      matchRule: async (profileId, action, eurValue, age, order) =>
        team.matchRule(await environment(profileId), action, eurValue, age, order),
      async propose(p) {
        const written = await team.propose({
          environment: await environment(p.profileId),
          userId: p.userId,
          kind: p.kind,
          pair: p.pair,
          amount: p.amount,
          bankAccountId: p.bankAccountId,
          rateAtProposal: p.rateAtProposal,
          bankAccountAgeHours: p.bankAccountAgeHours,
        });
        return proposalRow(written, p.profileId);
      },
      list: async (profileId, opts) => team.listProposals(await environment(profileId), opts),
      get: async (profileId, orderId) => team.proposalById(await environment(profileId), orderId),
      async decide(profileId, orderId, decision, reason, rate) {
        const proposal = await team.decide(await environment(profileId), orderId, decision, reason, rate);
        return { proposal, row: proposalRow(proposal, profileId) };
      },
      async withdraw(profileId, orderId, reason) {
        const proposal = await team.withdraw(await environment(profileId), orderId, reason);
        return { proposal, row: proposalRow(proposal, profileId) };
      },
      async expire(profileId) {
        const env = await environment(profileId);
        return (await team.expireProposals(env)) + (await team.expireChanges(env));
      },
      async countPending(profileId) {
        const env = await environment(profileId);
        const [orders, changes] = await Promise.all([team.countPending(env), team.countPendingChanges(env)]);
        return { pending: orders.pending + changes.pending, awaitingYou: orders.awaitingYou + changes.awaitingYou };
      },
      proposeChange: async (profileId, userId, action, payload) =>
        team.proposeChange({ environment: await environment(profileId), userId, action, payload }),
      listChanges: async (profileId, opts) => team.listChanges(await environment(profileId), opts),
      getChange: async (profileId, id) => team.changeById(await environment(profileId), id),
      decideChange: async (profileId, id, decision, reason) => team.decideChange(await environment(profileId), id, decision, reason),
      withdrawChange: async (profileId, id, reason) => team.withdrawChange(await environment(profileId), id, reason),
      claimChange: async (profileId, id) => team.claimChange(await environment(profileId), id),
      unperformedChanges: async (profileId) => team.unperformedChanges(await environment(profileId)),
      finishChange: async (profileId, id, state, outcome) => team.finishChange(await environment(profileId), id, state, outcome),
      async bankAccountsFirstSeen(profileId, userId, ids, source) {
        const seen = await team.noteBankAccounts(await environment(profileId), userId, ids, source);
        return new Map([...seen].map(([id, s]) => [id, s.firstSeenAtMs]));
      },
      async bankAccountAgeHours(profileId, userId, bankAccountId) {
        const seen = await team.noteBankAccounts(await environment(profileId), userId, [bankAccountId], 'listed');
        return seen.get(bankAccountId)?.ageHours ?? 0;
      },
    },

    // One round trip that needs the server: registers the environment if need be, then asks who we are.
    async writable(profileId) {
      await environment(profileId);
      await team.readyToWrite();
    },

    async saveUser(profileId, user) {
      await team.saveUser(await environment(profileId), user);
    },
    discoverUsers: async (profileId, ids) => team.discoverUsers(await environment(profileId), ids),
    getUser: async (profileId, userId) => team.getUser(await environment(profileId), userId),
    searchUsers: async (profileId, query) => team.searchUsers(await environment(profileId), query),

    async beginOrder(order) {
      if (order.holdUntilMs !== undefined) {
        throw new TeamStoreError('invalid', 'The team journal holds no orders: in a team a cool-off is an approval.');
      }
      if (order.idempotencyKey !== undefined) {
        throw new TeamStoreError(
          'invalid',
          'The team database mints idempotency keys when it writes a journal row; a key chosen by the desk is not used.',
        );
      }
      const env = await environment(order.profileId);
      const written = await team.beginOrder({
        environment: env,
        userId: order.userId,
        kind: order.kind,
        pair: order.pair ?? null,
        amount: order.amount,
        bankAccountId: order.bankAccountId ?? null,
      });
      return journalRow(written, order.profileId);
    },
    // A PostgreSQL commit is durable when it returns: `fsync: false` has nothing to skip.
    markOrderAccepted: async (key, transactionId) => row(await team.markOrderAccepted(key, transactionId)),
    markOrderNeedsReview: async (key, reason) => row(await team.markOrderNeedsReview(key, reason)),
    markOrderFinal: async (key, state) => row(await team.markOrderFinal(key, state)),
    recordOrderState: async (key, state) => row(await team.recordOrderState(key, state)),
    markOrderFailed: async (key, reason) => row(await team.markOrderFailed(key, reason)),
    async getOrder(profileId, id) {
      const found = await team.orderById(await environment(profileId), id);
      return found ? journalRow(found, profileId) : null;
    },
    pendingSends: async (profileId) => (await team.pendingSends(await environment(profileId))).map((o) => journalRow(o, profileId)),
    awaitingSettlement: async (profileId) =>
      (await team.awaitingSettlement(await environment(profileId))).map((o) => journalRow(o, profileId)),
    recentOrders: async (profileId, opts) =>
      (await team.recentOrders(await environment(profileId), opts)).map((o) => journalRow(o, profileId)),

    // Rate history stays on the desk; still refused for a profile that is not shared, like everything else here.
    async recordRate(profileId, rate: RateView) {
      await environment(profileId);
      await options.rates.recordRate(profileId, rate);
    },
    // The sell price, the rate the desk values a sell at (orders/propose.ts orderRate). Only
    // EUR pairs with a price above 0 can value a sell: anything else is left out, not the whole poll.
    async shareRates(profileId, rates) {
      const valuable = rates.filter((r) => PAIR_PATTERN.test(r.pair) && isPositiveRate(r.priceSell));
      await team.recordRates(
        await environment(profileId),
        valuable.map((r) => ({ pair: r.pair, rate: r.priceSell })),
      );
    },
    rateSeries: async (profileId, pair, fromMs, toMs, maxPoints) => {
      await environment(profileId);
      return options.rates.rateSeries(profileId, pair, fromMs, toMs, maxPoints);
    },
    latestRates: async (profileId) => {
      await environment(profileId);
      return options.rates.latestRates(profileId);
    },

    upsertTransactions: async (profileId, rows) => team.upsertTransactions(await environment(profileId), rows),
    knownTransactionIds: async (profileId, ids) => team.knownTransactionIds(await environment(profileId), ids),
    queryTransactions: async (profileId, filter, sort, limit, offset) =>
      team.queryTransactions(await environment(profileId), filter, sort, limit, offset),
    countTransactions: async (profileId) => team.countTransactions(await environment(profileId)),
    unsettledTransactions: async (profileId) => team.unsettledTransactions(await environment(profileId)),
    exportTransactionsCsv: async (profileId, filter, sort) => team.exportTransactionsCsv(await environment(profileId), filter, sort),
    isHistoryComplete: async (profileId) => team.isHistoryComplete(await environment(profileId)),
    markHistoryComplete: async (profileId) => team.markHistoryComplete(await environment(profileId)),

    async appendAudit(entry) {
      // The entry's time and OS account are the desk's word; the database stamps its own time and login.
      await team.appendAudit({
        environment: await environment(entry.profileId),
        osUser: entry.osUser,
        action: entry.action,
        summary: entry.summary,
        outcome: entry.outcome,
      });
    },
    async queryAudit(filter, limit, offset) {
      const { rows, total } = await team.queryAudit(filter, limit, offset);
      return { rows: rows.map(auditView), total };
    },
    exportAuditCsv: async (filter) => team.exportAuditCsv(filter),
    async auditEntry(id) {
      const found = await team.auditEntry(id);
      return found ? auditView(found) : null;
    },
    // The team's whole trail, every environment: one chain, checked against this desk's witness.
    async verifyAudit(): Promise<AuditVerification> {
      if (!witness) return team.verifyAudit();
      const seen = await witness.keeper.witness(witness.trail);
      const result = await team.verifyAudit(seen);
      // Intact: the chain holds together and still holds what this desk saw; its head is now seen too.
      // The head is the last of `rows` rows (ids run 1, 2, 3 … without gaps in an intact chain).
      if (result.intact) await advanceWitness(seen, { id: result.rows, hash: result.headHash });
      return result;
    },
    // No full check: the head and the witnessed row only, so every live update can afford it.
    async checkAuditWitness() {
      if (!witness) return null;
      const seen = await witness.keeper.witness(witness.trail);
      const head = await team.auditHead(seen?.id ?? 0);
      const broken = witnessBreak(seen, head);
      if (broken !== null) return { witness: seen, broken };
      return { witness: await advanceWitness(seen, head), broken: null };
    },

    sharedLimit: async (profileId) => sharedLimit(await team.getPolicy(await environment(profileId))),
    setSharedLimit: async (profileId, perOrderLimitEur) =>
      adminOnly('per-order limit', async () => sharedLimit(await team.setPolicy(await environment(profileId), { perOrderLimitEur }))),

    close: () => team.close(),
  };
}
