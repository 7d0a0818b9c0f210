// What the services need from a store, in their own terms. Two stores stand
// behind it: the desk's own SQLite file (main/store/sqlite, adapted in its
// adapter.ts) and the team workspace's PostgreSQL (main/store/postgres, adapted in
// its adapter.ts); unit tests use an in-memory stand-in. Every type the port
// speaks is defined here or beside it in main/store (journal-row.ts,
// approval-types.ts, audit-verification.ts): the stores import them, never the
// other way round. Every method is asynchronous because the
// team store is a network away: services must not assume a call finishes before
// the next line runs, so anything that checked-then-wrote relies on the order
// flow's own in-process locks (services/orders/flight.ts), never on the store being synchronous.
// Keeping the seam narrow means a change of store internals never ripples through every service.
import type { AuditEntryView, RatePoint, RateView, TransactionView, UserView } from '../../shared/desk-api';
import type { Transaction } from '../../shared/kriptomat';
import type { z } from 'zod';
import type { auditFilterSchema, transactionFilterSchema, transactionSortSchema } from '../../shared/desk-api';
import type { AcceptOptions, JournalRow, NewOrder } from './journal-row';
import type { AuditVerification } from './audit-verification';
import type { AuditWitnessCheck, AuditWitnessKeeper } from './audit-witness';
import type {
  AccountChangeAction,
  AccountChangePayload,
  ApprovalAction,
  ApprovalDecisionKind,
  ApprovalRule,
  ApprovalRuleInput,
  ApprovalState,
  TeamAccountChange,
  TeamProposal,
} from './approval-types';

/** Journal rows (main/store/sqlite/order-journal.ts documents the states). */
export type { AcceptOptions, JournalRow, JournalState, NewOrder, OrderKind, TeamOrder } from './journal-row';
export type {
  AccountChangeAction,
  AccountChangePayload,
  AccountChangeState,
  ApprovalAction,
  ApprovalDecision,
  ApprovalDecisionKind,
  ApprovalRule,
  ApprovalRuleInput,
  ApprovalState,
  ProposalRuleSnapshot,
  TeamAccountChange,
  TeamProposal,
} from './approval-types';
export type { AuditVerification } from './audit-verification';
export type { AuditWitness, AuditWitnessCheck, AuditWitnessKeeper } from './audit-witness';

/** Where the desk learnt of a bank account: it added the account itself, or saw it in the user's list. */
export type BankAccountSource = 'added' | 'listed';

/** Cached rows whose state is not final, and how far back the oldest of them sits. */
export interface UnsettledTransactions {
  /** Newest first. */
  rows: Array<{ id: number; userId: number }>;
  /** How many cached rows are newer than the oldest unsettled one (its place in the newest-first list). */
  newerThanOldest: number;
}

export type TransactionFilter = z.output<typeof transactionFilterSchema>;
export type TransactionSort = z.output<typeof transactionSortSchema>;
export type AuditFilter = z.output<typeof auditFilterSchema>;

export interface AuditRecord {
  atMs: number;
  osUser: string;
  profileId: string;
  action: string;
  summary: string;
  outcome: 'ok' | 'error';
}

/** The per-order limit a team shares for one environment. */
export interface SharedLimit {
  /** Decimal EUR text; null while the team has set none (the desk's own setting applies). */
  perOrderLimitEur: string | null;
  /** The database login that set it, and when; null while never set. */
  setBy: string | null;
  setAtMs: number | null;
}

export interface AuditSink {
  /** Resolves once the entry is written. */
  appendAudit(entry: AuditRecord): Promise<void>;
}

/**
 * Only where several desks send from one journal (the team database): a `sending`
 * row is sent by the desk that holds it, a lease with an expiry, so no row is ever
 * sent by two desks at once, and a row whose sender died is sent again, with the
 * same key, by the next desk that claims it once the lease has run out.
 */
export interface JournalLeases {
  /** Whether other desks send from this profile's journal too (false: every `sending` row is this desk's). */
  shared(profileId: string): boolean;
  /** The oldest `sending` row of the profile that no desk holds (or whose lease ran out), now held by this desk; null when none. */
  claim(profileId: string): Promise<JournalRow | null>;
  /** Renews this desk's hold on a row it is still sending; false when the row is not ours any more. */
  hold(idempotencyKey: string): Promise<boolean>;
}

/**
 * Only the desk's own store: a withdrawal to a bank account new to the desk
 * waits out a cool-off as a `held` journal row (`beginOrder` with `holdUntilMs`),
 * and goes — moved to `sending` first, durably — when the hold ends, unless the
 * operator cancels it. In a team the same rule is an approval (issue 13).
 */
export interface JournalHolds {
  /** Whether this profile's journal can hold orders. */
  available(profileId: string): boolean;
  /** Notes ids not seen before as first seen at `atMs` ('added' by the desk, or 'listed'); when each was first seen (ms). */
  bankAccountsFirstSeen(
    profileId: string,
    userId: number,
    bankAccountIds: readonly number[],
    source: BankAccountSource,
    atMs: number,
  ): Promise<Map<number, number>>;
  /** held → sending, durably: call before sending it. Another row comes back unchanged. */
  release(idempotencyKey: string): Promise<JournalRow>;
  /** held → cancelled with the reason. Another row comes back unchanged. */
  cancel(idempotencyKey: string, reason: string): Promise<JournalRow>;
  /** The profile's held rows, the soonest to go first. */
  held(profileId: string): Promise<JournalRow[]>;
}

/** A new order to journal as awaiting approval (the store mints its id and key; the database picks the rule). */
export interface NewProposal {
  profileId: string;
  userId: number;
  kind: 'buy' | 'sell' | 'withdraw';
  pair: string | null;
  amount: string;
  bankAccountId: number | null;
  /** The pair's rate the order was checked at (buy and sell), decimal text. */
  rateAtProposal: string | null;
  /** withdraw: hours since the team first knew the bank account. */
  bankAccountAgeHours: number | null;
}

/**
 * Only where several operators share a journal (the team database): four-eyes
 * approvals and the team's approval policy (issue 13). The database judges every
 * write — who may approve, who may change the policy — and refuses in its own words.
 */
export interface JournalApprovals {
  /** Whether the profile's orders fall under the team's approval policy. */
  shared(profileId: string): boolean;
  /** The login's rights beyond an operator's, as the database says. */
  roles(): Promise<{ approver: boolean; admin: boolean }>;
  /** The database login this desk acts as. */
  operator(): Promise<string>;
  /** The profile's rules (as an admin ordered them) and the rate move a proposal may span (percent). */
  policy(profileId: string): Promise<{ rules: ApprovalRule[]; rateMovePercent: string }>;
  /** Adds (no id) or replaces a rule; desk admins only. */
  saveRule(profileId: string, rule: ApprovalRuleInput & { id?: number }): Promise<ApprovalRule>;
  /** False when there is no such rule; desk admins only. */
  removeRule(profileId: string, id: number): Promise<boolean>;
  /** Desk admins only. */
  setRateMovePercent(profileId: string, percent: string): Promise<void>;
  /** The strictest enabled rule the action falls under, or null. With `order`, the database values the order itself (eurValue unused). */
  matchRule(
    profileId: string,
    action: ApprovalAction,
    eurValue: string | null,
    bankAccountAgeHours: number | null,
    order?: { pair: string | null; amount: string },
  ): Promise<ApprovalRule | null>;
  /** Journals the order as awaiting approval; nothing is sent. */
  propose(proposal: NewProposal): Promise<JournalRow>;
  list(profileId: string, options: { states?: readonly ApprovalState[]; limit?: number }): Promise<TeamProposal[]>;
  get(profileId: string, orderId: string): Promise<TeamProposal | null>;
  /** As this login; `rate`: the rate the approver's desk showed. The proposal after the decision, and the same row as a journal row. */
  decide(
    profileId: string,
    orderId: string,
    decision: ApprovalDecisionKind,
    reason: string | null,
    rate: string | null,
  ): Promise<{ proposal: TeamProposal; row: JournalRow }>;
  /** This login withdraws its own pending proposal (it ends rejected, never sent): the proposal after, and the same row as a journal row. */
  withdraw(profileId: string, orderId: string, reason: string): Promise<{ proposal: TeamProposal; row: JournalRow }>;
  /** Marks overdue proposals expired; how many. */
  expire(profileId: string): Promise<number>;
  /** Proposals (orders and account changes) awaiting approval, and how many of them this login may decide on now. */
  countPending(profileId: string): Promise<{ pending: number; awaitingYou: number }>;
  /** As JournalHolds.bankAccountsFirstSeen, team-wide: when any desk of the team first knew each account (ms). */
  bankAccountsFirstSeen(
    profileId: string,
    userId: number,
    bankAccountIds: readonly number[],
    source: BankAccountSource,
    atMs: number,
  ): Promise<Map<number, number>>;
  /** Hours since the team first knew the account (noting it as 'listed' now if no desk had). */
  bankAccountAgeHours(profileId: string, userId: number, bankAccountId: number): Promise<number>;

  // Account changes under the policy (adding a bank account, changing a user's status): not orders, so not journal rows.
  /** Records the change as awaiting approval; nothing is done at Kriptomat. Refused ('no-rule') when no rule asks. */
  proposeChange(profileId: string, userId: number, action: AccountChangeAction, payload: AccountChangePayload): Promise<TeamAccountChange>;
  listChanges(profileId: string, options: { states?: readonly ApprovalState[]; limit?: number }): Promise<TeamAccountChange[]>;
  getChange(profileId: string, id: string): Promise<TeamAccountChange | null>;
  decideChange(profileId: string, id: string, decision: ApprovalDecisionKind, reason: string | null): Promise<TeamAccountChange>;
  /** This login withdraws its own proposed change (it ends rejected, never done). */
  withdrawChange(profileId: string, id: string, reason: string): Promise<TeamAccountChange>;
  /** approved → performing in this login's name (or taken over from a desk that died doing it); null when another desk has it. */
  claimChange(profileId: string, id: string): Promise<TeamAccountChange | null>;
  /** Approved changes no desk is doing (unclaimed, or left unfinished by a desk that died). */
  unperformedChanges(profileId: string): Promise<TeamAccountChange[]>;
  /** What came of performing a change this desk claimed. */
  finishChange(profileId: string, id: string, state: 'done' | 'failed', outcome: string): Promise<TeamAccountChange>;
}

export interface DeskStorePort extends AuditSink {
  /** Absent on a store only this desk writes (SQLite). */
  readonly leases?: JournalLeases;
  /** Present on the desk's own store only. */
  readonly holds?: JournalHolds;
  /** Present on the team's store only (shared profiles). */
  readonly approvals?: JournalApprovals;
  /** Present on the desk's own store only: the newest row of each team audit trail this desk has seen. */
  readonly auditWitness?: AuditWitnessKeeper;
  /**
   * Resolves when a journaled action of the profile (an order, a new user, a bank
   * account) can be recorded now; rejects when it cannot (the team database away).
   * Absent: always (the desk's own file).
   */
  writable?(profileId: string): Promise<void>;

  // user directory (per profile: ids of one environment mean nothing in another)
  saveUser(profileId: string, user: UserView): Promise<void>;
  /** Remembers ids seen in transactions without a fetched profile; returns how many were new. */
  discoverUsers(profileId: string, userIds: readonly number[]): Promise<number>;
  getUser(profileId: string, userId: number): Promise<UserView | null>;
  searchUsers(profileId: string, query: string | undefined): Promise<UserView[]>;

  // order journal (each write is durable before its promise resolves)
  /**
   * Writes the row in state `sending`. Call, and await, before anything is sent.
   * `idempotencyKey` is for tests and imports only: a store may mint its own
   * (the team database does, and refuses one chosen by the caller).
   */
  beginOrder(order: NewOrder): Promise<JournalRow>;
  /**
   * sending | needs_review → accepted with the transaction id; a repeated answer changes nothing.
   * `fsync: false` only for Kriptomat's answer to the POST (AcceptOptions in journal-row.ts).
   */
  markOrderAccepted(idempotencyKey: string, transactionId: number, options?: AcceptOptions): Promise<JournalRow>;
  /** sending → needs_review with the reason (not re-sent, not polled); other rows are not changed. */
  markOrderNeedsReview(idempotencyKey: string, reason: string): Promise<JournalRow>;
  /** The transaction's final state (success, failed, …); a final row is not changed again. */
  markOrderFinal(idempotencyKey: string, state: string): Promise<JournalRow>;
  /** The API reports a state that settles nothing (`pending`, or unknown): kept as received, still awaiting settlement. */
  recordOrderState(idempotencyKey: string, state: string): Promise<JournalRow>;
  /** Refused: failed with the reason; a final row is not changed again. */
  markOrderFailed(idempotencyKey: string, reason: string): Promise<JournalRow>;
  /**
   * Whether this store's journal holds a row with that key. Optional: the Team
   * workspace's router asks the desk's own store when it no longer remembers where
   * a row came from (main/store/router.ts).
   */
  hasOrderKey?(idempotencyKey: string): Promise<boolean>;
  /** One row of the profile by its id; null when there is none (or it belongs to another profile). */
  getOrder(profileId: string, id: string): Promise<JournalRow | null>;
  /** Rows still `sending` (oldest first). */
  pendingSends(profileId: string): Promise<JournalRow[]>;
  /** Rows with a transaction that is not final yet (oldest first). */
  awaitingSettlement(profileId: string): Promise<JournalRow[]>;
  /** Newest first. */
  recentOrders(profileId: string, options?: { userId?: number; states?: readonly string[]; limit?: number }): Promise<JournalRow[]>;

  // rate history
  recordRate(profileId: string, rate: RateView): Promise<void>;
  /**
   * One poll's rates, shared with the team so its database can value a sell
   * against the approval rules (desk.rates). The desk's own store has no team
   * rules: there it does nothing.
   */
  shareRates(profileId: string, rates: readonly RateView[]): Promise<void>;
  rateSeries(profileId: string, pair: string, fromMs: number, toMs: number, maxPoints: number): Promise<RatePoint[]>;
  latestRates(profileId: string): Promise<RateView[]>;

  // transaction cache
  /** Inserts or refreshes (a state may move on); returns how many ids were not cached before. */
  upsertTransactions(profileId: string, rows: readonly Transaction[]): Promise<number>;
  /** Which of `ids` are already cached. */
  knownTransactionIds(profileId: string, ids: readonly number[]): Promise<Set<number>>;
  queryTransactions(
    profileId: string,
    filter: TransactionFilter,
    sort: TransactionSort | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: TransactionView[]; total: number }>;
  countTransactions(profileId: string): Promise<number>;
  /** Cached rows whose state is not final (newest first), and how many cached rows are newer than the oldest of them. */
  unsettledTransactions(profileId: string): Promise<UnsettledTransactions>;
  /** RFC 4180 CSV of every matching row, with its row count. */
  exportTransactionsCsv(
    profileId: string,
    filter: TransactionFilter,
    sort: TransactionSort | undefined,
  ): Promise<{ csv: string; rows: number }>;
  /** Whether one sync has read the whole list: only then may a sync stop at the first known page. */
  isHistoryComplete(profileId: string): Promise<boolean>;
  markHistoryComplete(profileId: string): Promise<void>;

  // audit log
  queryAudit(filter: AuditFilter, limit: number, offset: number): Promise<{ rows: AuditEntryView[]; total: number }>;
  /** One entry of the trail `queryAudit` reads, by id. Absent where only this desk writes the trail (nothing to follow live). */
  auditEntry?(id: number): Promise<AuditEntryView | null>;
  exportAuditCsv(filter: AuditFilter): Promise<{ csv: string; rows: number }>;
  /**
   * Recomputes the hash chain of the trail `queryAudit` reads. Absent, or null, where
   * that trail is not hash-chained (the desk's own SQLite file).
   */
  verifyAudit?(): Promise<AuditVerification | null>;
  /**
   * Reads the head of the trail `queryAudit` reads and compares it with this desk's
   * witness (audit-witness.ts), which advances when the trail still holds what it saw:
   * one round trip, for each live update. Absent, or null, where the trail is not chained.
   */
  checkAuditWitness?(): Promise<AuditWitnessCheck | null>;

  // team policy
  /**
   * The per-order limit the team shares for the profile's environment; null where the
   * profile's data is the desk's own (Solo, the Local sandbox): its settings apply.
   * Absent: always null.
   */
  sharedLimit?(profileId: string): Promise<SharedLimit | null>;
  /** Sets that limit for every desk of the team (desk admins only: the database refuses anyone else). */
  setSharedLimit?(profileId: string, perOrderLimitEur: string | null): Promise<SharedLimit>;

  close(): Promise<void>;
}
