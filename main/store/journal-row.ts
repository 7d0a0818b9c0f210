// The order journal's row, defined once for both stores: the desk's SQLite
// journal (main/store/sqlite/order-journal.ts documents the states and how a row
// moves) keeps it as it is, and the team database's row (TeamOrder) is the same
// fields keyed by environment instead of profile, with who placed, changed and
// holds it. The port (port.ts) speaks these; the stores import them from here.
import type { OrderKind } from '../../shared/desk-api';

export type { OrderKind };

/**
 * held (waits for its hold to end; never sent) | sending | accepted | needs_review (the operator must check; never re-sent or
 * polled by itself) | the API's transaction state (success, failed, or any other string).
 */
export type JournalState = 'held' | 'sending' | 'accepted' | 'needs_review' | 'success' | 'failed' | (string & {});

export interface JournalRow {
  id: string;
  profileId: string;
  userId: number;
  kind: OrderKind;
  pair: string | null;
  amount: string;
  bankAccountId: number | null;
  idempotencyKey: string;
  state: JournalState;
  transactionId: number | null;
  error: string | null;
  /** A held row's end of hold (ms); null for a row that was never held. */
  holdUntilMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
  /**
   * Team only: a proposal released for sending by its last approval, when that
   * came; such a row passes the checks again before its first send, and its age
   * counts from the approval. Absent or null for any other row.
   */
  approvedAtMs?: number | null;
  /** Team only: how often the row was claimed for sending (1 after the first claim). */
  sendAttempts?: number;
  /**
   * Team only: a proposal its proposer withdrew (never sent). Absent or false for any other row.
   * The database lets no proposer reject their own proposal (KA001), so a rejection whose
   * last writer is the proposer is the one desk.withdraw_proposal made.
   */
  withdrawn?: boolean;
}

/** What only the team database keeps of a journal row: every team row has it. */
type TeamOnlyFields = 'approvedAtMs' | 'sendAttempts' | 'withdrawn';

/**
 * A journal row of the team database: keyed by environment (the port maps it back to
 * a profile), never held (a cool-off is an approval in a team), its team-only fields
 * always there, and who placed, changed and holds it.
 */
export type TeamOrder = Omit<JournalRow, 'profileId' | 'holdUntilMs' | TeamOnlyFields> &
  Required<Pick<JournalRow, TeamOnlyFields>> & {
    environment: string;
    /** The database login that wrote the row. */
    placedBy: string;
    /** The database login that changed it last. */
    updatedBy: string;
    /** The desk (login) holding the send lease, while it holds one. */
    claimedBy: string | null;
    leaseExpiresAtMs: number | null;
  };

export interface NewOrder {
  profileId: string;
  userId: number;
  kind: OrderKind;
  /** Required for buy and sell, null for withdraw. */
  pair?: string | null;
  /** Decimal text as it will be sent. */
  amount: string;
  /** Required for withdraw. */
  bankAccountId?: number | null;
  /** Default: a fresh random UUID. */
  idempotencyKey?: string;
  /** Written `held` until then (ms) instead of `sending`: only a store with holds takes it. */
  holdUntilMs?: number;
}

export interface AcceptOptions {
  /**
   * Default true: fsync'd before this returns, like every other journal write.
   * False: committed as an ordinary write, which survives the desk crashing at
   * once and reaches the disk with the next fsync'd journal write (at the latest
   * when the transaction settles). Only for Kriptomat's answer to the POST: if a
   * power cut loses it, the row is still `sending`, durably, and its re-send
   * with the same key is answered with the same transaction id.
   */
  fsync?: boolean;
}
