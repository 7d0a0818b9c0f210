// The order journal: every buy, sell and withdraw is written (and fsync'd) with
// its idempotency key *before* the request goes out, then moved along
// sending → accepted (transaction id) → final state, or → failed (reason), or
// → needs_review (reason) when a refusal may hide an order that went through.
// A withdrawal under a cool-off is written `held` with the time it may go; it is
// moved to `sending` (durably, before it is sent) when the hold ends, or
// cancelled by the operator; nothing sends a held row.
// On start, rows still `sending` are re-sent with the same key, so an order
// takes effect exactly once even if the desk died mid-request.
import { randomUUID } from 'node:crypto';
import { FINAL_ORDER_STATES } from '../../../shared/order-states';
import { durably, inTransaction, type Db } from './connection';
import { orderTransitions, type OrderTransition } from '../journal-transitions';
import { asRow, asRows, int, intOrNull, text, textOrNull, type Row } from './rows';
import type { AcceptOptions, JournalRow, JournalState, NewOrder, OrderKind } from '../journal-row';

export type { AcceptOptions, JournalRow, JournalState, NewOrder, OrderKind };

export interface JournalListOptions {
  userId?: number;
  states?: readonly string[];
  /** Default 100. */
  limit?: number;
}

export interface OrderJournal {
  /** Writes the row in state `sending` (`held` with `holdUntilMs`), durably, and returns it. Call before sending. */
  begin(order: NewOrder): JournalRow;
  /** held → sending, durably (call before sending it); any other row is returned unchanged. */
  release(idempotencyKey: string): JournalRow;
  /** held → cancelled with the reason; any other row is returned unchanged. */
  cancelHeld(idempotencyKey: string, reason: string): JournalRow;
  /** Rows still held, the soonest to go first. */
  held(profileId: string): JournalRow[];
  /**
   * The API took the order (or a review found its transaction): sending | needs_review → accepted with its transaction id. Idempotent.
   * `fsync: false` (Kriptomat's answer to the POST) commits without waiting for the disk: see `AcceptOptions`.
   */
  markAccepted(idempotencyKey: string, transactionId: number, options?: AcceptOptions): JournalRow;
  /** A `sending` row that may or may not have taken effect: needs_review with the reason. Other rows are not changed. */
  markNeedsReview(idempotencyKey: string, reason: string): JournalRow;
  /** The transaction reached a final state (success, failed, …). A final row is not changed again. */
  markFinal(idempotencyKey: string, state: string): JournalRow;
  /** The API reports a state that settles nothing (`pending`, or one the desk does not know): kept as received, still awaiting settlement. */
  recordState(idempotencyKey: string, state: string): JournalRow;
  /** The order was refused or could not complete: state failed with the reason. A final row is not changed again. */
  markFailed(idempotencyKey: string, reason: string): JournalRow;
  get(id: string): JournalRow | undefined;
  byKey(idempotencyKey: string): JournalRow | undefined;
  /** Rows still `sending`: to re-send with their key on start (oldest first). */
  pendingSends(profileId: string): JournalRow[];
  /** Rows accepted and not final (`accepted`, `pending`, or a state the desk does not know): to poll until settled (oldest first). */
  awaitingSettlement(profileId: string): JournalRow[];
  /** Newest first. */
  recent(profileId: string, options?: JournalListOptions): JournalRow[];
}

export class JournalError extends Error {
  override readonly name = 'JournalError';
}

const { toAccepted, toNeedsReview, toFinal, toRecordedState, toFailed } = orderTransitions((message) => {
  throw new JournalError(message);
});

/** Placeholders for the final states in SQL, matched case-insensitively like shared/order-states. */
const FINAL_IN_SQL = FINAL_ORDER_STATES.map(() => '?').join(', ');

const DECIMAL = /^\d+(\.\d+)?$/;

function toJournalRow(row: Row): JournalRow {
  return {
    id: text(row, 'id'),
    profileId: text(row, 'profile_id'),
    userId: int(row, 'user_id'),
    kind: text(row, 'kind') as OrderKind,
    pair: textOrNull(row, 'pair'),
    amount: text(row, 'amount'),
    bankAccountId: intOrNull(row, 'bank_account_id'),
    idempotencyKey: text(row, 'idempotency_key'),
    state: text(row, 'state'),
    transactionId: intOrNull(row, 'transaction_id'),
    error: textOrNull(row, 'error'),
    holdUntilMs: intOrNull(row, 'hold_until'),
    createdAtMs: int(row, 'created_at'),
    updatedAtMs: int(row, 'updated_at'),
  };
}

function checkNewOrder(o: NewOrder): void {
  if (!o.profileId) throw new JournalError('An order needs a profile id');
  if (!Number.isSafeInteger(o.userId) || o.userId <= 0) throw new JournalError(`Not a user id: ${o.userId}`);
  if (!['buy', 'sell', 'withdraw'].includes(o.kind)) throw new JournalError(`Not an order kind: ${String(o.kind)}`);
  if (typeof o.amount !== 'string' || !DECIMAL.test(o.amount)) {
    throw new JournalError(`An order amount must be decimal text, got ${JSON.stringify(o.amount)}`);
  }
  if (o.kind === 'withdraw') {
    if (!Number.isSafeInteger(o.bankAccountId) || (o.bankAccountId ?? 0) <= 0) {
      throw new JournalError('A withdraw needs a bank account id');
    }
  } else if (!o.pair) {
    throw new JournalError(`A ${o.kind} needs a pair`);
  }
  if (o.idempotencyKey !== undefined && (o.idempotencyKey.length < 8 || o.idempotencyKey.length > 200)) {
    throw new JournalError('An idempotency key must be 8 to 200 characters');
  }
  if (o.holdUntilMs !== undefined && (!Number.isSafeInteger(o.holdUntilMs) || o.holdUntilMs <= 0)) {
    throw new JournalError(`Not a time to hold until: ${o.holdUntilMs}`);
  }
}

export function createOrderJournal(db: Db, now: () => number): OrderJournal {
  const insert = db.prepare(`
    INSERT INTO order_journal (id, profile_id, user_id, kind, pair, amount, bank_account_id,
                               idempotency_key, state, hold_until, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const byKeyStmt = db.prepare('SELECT * FROM order_journal WHERE idempotency_key = ?');
  const byIdStmt = db.prepare('SELECT * FROM order_journal WHERE id = ?');
  const byStates = db.prepare('SELECT * FROM order_journal WHERE profile_id = ? AND state = ? ORDER BY created_at, rowid');
  const heldStmt = db.prepare("SELECT * FROM order_journal WHERE profile_id = ? AND state = 'held' ORDER BY hold_until, rowid");
  const unsettled = db.prepare(
    `SELECT * FROM order_journal WHERE profile_id = ? AND transaction_id IS NOT NULL
       AND state NOT IN ('sending', 'needs_review') AND lower(trim(state)) NOT IN (${FINAL_IN_SQL})
     ORDER BY created_at, rowid`,
  );
  const update = db.prepare('UPDATE order_journal SET state = ?, transaction_id = ?, error = ?, updated_at = ? WHERE idempotency_key = ?');

  function byKey(key: string): JournalRow | undefined {
    const row = asRow(byKeyStmt.get(key));
    return row ? toJournalRow(row) : undefined;
  }

  /** A transition of journal-transitions.ts (the team journal's rules too), stamped with the time. */
  function move(key: string, change: OrderTransition, fsync = true): JournalRow {
    return transition(
      key,
      (row) => {
        const fields = change(row, key);
        return fields ? { ...row, ...fields, updatedAtMs: now() } : undefined;
      },
      fsync,
    );
  }

  /** Reads, checks and writes in one transaction (durable unless `fsync` is false), so two callers cannot interleave. */
  function transition(key: string, next: (current: JournalRow) => JournalRow | undefined, fsync = true): JournalRow {
    return (fsync ? durably : inTransaction)(db, () => {
      const current = byKey(key);
      if (!current) throw new JournalError(`No journal row has idempotency key ${key}`);
      const updated = next(current);
      if (!updated) return current;
      update.run(updated.state, updated.transactionId, updated.error, updated.updatedAtMs, key);
      return updated;
    });
  }

  return {
    begin(order) {
      checkNewOrder(order);
      const at = now();
      const entry: JournalRow = {
        id: randomUUID(),
        profileId: order.profileId,
        userId: order.userId,
        kind: order.kind,
        pair: order.pair ?? null,
        amount: order.amount,
        bankAccountId: order.bankAccountId ?? null,
        idempotencyKey: order.idempotencyKey ?? randomUUID(),
        state: order.holdUntilMs !== undefined ? 'held' : 'sending',
        transactionId: null,
        error: null,
        holdUntilMs: order.holdUntilMs ?? null,
        createdAtMs: at,
        updatedAtMs: at,
      };
      durably(db, () =>
        insert.run(
          entry.id,
          entry.profileId,
          entry.userId,
          entry.kind,
          entry.pair,
          entry.amount,
          entry.bankAccountId,
          entry.idempotencyKey,
          entry.state,
          entry.holdUntilMs,
          at,
          at,
        ),
      );
      return entry;
    },

    release(key) {
      return transition(key, (row) => (row.state === 'held' ? { ...row, state: 'sending', updatedAtMs: now() } : undefined));
    },

    cancelHeld(key, reason) {
      return transition(key, (row) =>
        row.state === 'held' ? { ...row, state: 'cancelled', error: reason, updatedAtMs: now() } : undefined,
      );
    },

    held(profileId) {
      return asRows(heldStmt.all(profileId)).map(toJournalRow);
    },

    markAccepted(key, transactionId, options) {
      return move(key, toAccepted(transactionId), options?.fsync ?? true);
    },

    markNeedsReview(key, reason) {
      return move(key, toNeedsReview(reason));
    },

    markFinal(key, state) {
      return move(key, toFinal(state));
    },

    recordState(key, state) {
      return move(key, toRecordedState(state));
    },

    markFailed(key, reason) {
      return move(key, toFailed(reason));
    },

    get(id) {
      const row = asRow(byIdStmt.get(id));
      return row ? toJournalRow(row) : undefined;
    },

    byKey,

    pendingSends(profileId) {
      return asRows(byStates.all(profileId, 'sending')).map(toJournalRow);
    },

    awaitingSettlement(profileId) {
      // `accepted`, `pending`, or a state the desk does not know: none of them is final.
      return asRows(unsettled.all(profileId, ...FINAL_ORDER_STATES)).map(toJournalRow);
    },

    recent(profileId, options) {
      const where = ['profile_id = ?'];
      const params: unknown[] = [profileId];
      if (options?.userId !== undefined) {
        where.push('user_id = ?');
        params.push(options.userId);
      }
      if (options?.states && options.states.length > 0) {
        where.push(`state IN (${options.states.map(() => '?').join(', ')})`);
        params.push(...options.states);
      }
      params.push(options?.limit ?? 100);
      const rows = db
        .prepare(`SELECT * FROM order_journal WHERE ${where.join(' AND ')} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
        .all(...params);
      return asRows(rows).map(toJournalRow);
    },
  };
}
