// The shared order journal. Every write is one call of a database function
// (migrations/0007-order-journal-through-functions.sql): desk logins may not
// write desk.orders themselves. A row is written (by beginOrder) before its order is
// sent, with an id and idempotency key the database mints, already leased to
// the desk that wrote it; claimForSending lets another desk take over a row
// whose lease ran out, with the same key, so an order takes effect exactly once
// however many desks there are and whichever of them dies mid-send.
// If the INSERT's answer is lost, the desk asks by the request id it chose for
// the row whether it was written (lost-answer.test.ts), and says "unconfirmed"
// when the database cannot be asked, instead of reporting a failure for an
// order another desk will send once the lease runs out.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FINAL_ORDER_STATES } from '../../../shared/order-states';
import { orderTransitions, type OrderTransition } from '../journal-transitions';
import type { TeamSql } from './connection';
import { SqlParams } from './filters';
import { TeamDbUnavailableError, TeamStoreError, TeamWriteUnconfirmedError } from './errors';
import { toTeamOrder, type OrderRow, type TeamOrder } from './rows';

/** How long a desk may take to send an order before another desk may resend it. */
export const DEFAULT_SEND_LEASE_MS = 60_000;

export interface TeamNewOrder {
  environment: string;
  userId: number;
  kind: 'buy' | 'sell' | 'withdraw';
  /** Required for buy and sell. */
  pair?: string | null;
  /** Decimal text as it will be sent. */
  amount: string;
  /** Required for withdraw. */
  bankAccountId?: number | null;
}

export interface TeamJournal {
  /**
   * Writes the row in state `sending`, leased to this desk for `leaseMs`. Call before anything is sent.
   * When the answer is lost and the database cannot be asked whether the row was written:
   * TeamWriteUnconfirmedError (the row may exist; its lease keeps other desks off it meanwhile).
   */
  beginOrder(order: TeamNewOrder, leaseMs?: number): Promise<TeamOrder>;
  /**
   * The oldest row still `sending` whose lease is free or expired, now leased to
   * this desk for `leaseMs`; null when there is none. Never the same row for two desks.
   */
  claimForSending(environment: string, leaseMs?: number): Promise<TeamOrder | null>;
  /** Extends this desk's own lease on a row it is still sending; false when the lease is not ours any more. */
  extendLease(idempotencyKey: string, leaseMs?: number): Promise<boolean>;
  /** sending | needs_review → accepted with the transaction id; a repeated answer changes nothing. */
  markOrderAccepted(idempotencyKey: string, transactionId: number): Promise<TeamOrder>;
  /** sending → needs_review with the reason (not re-sent, not polled); other rows are not changed. */
  markOrderNeedsReview(idempotencyKey: string, reason: string): Promise<TeamOrder>;
  /** The transaction's final state; a final row is not changed again. */
  markOrderFinal(idempotencyKey: string, state: string): Promise<TeamOrder>;
  /** A state that settles nothing (`pending`, or unknown): kept as received, still awaiting settlement. */
  recordOrderState(idempotencyKey: string, state: string): Promise<TeamOrder>;
  /** Refused: failed with the reason; a final row is not changed again. */
  markOrderFailed(idempotencyKey: string, reason: string): Promise<TeamOrder>;
  orderByKey(idempotencyKey: string): Promise<TeamOrder | null>;
  /** One row of the environment by its id; null when there is none there. */
  orderById(environment: string, id: string): Promise<TeamOrder | null>;
  /** Rows still `sending`, oldest first (leased or not: claimForSending takes one). */
  pendingSends(environment: string): Promise<TeamOrder[]>;
  /** Rows with a transaction that is not final yet (oldest first), by the rule of shared/order-states. */
  awaitingSettlement(environment: string): Promise<TeamOrder[]>;
  /** Newest first. */
  recentOrders(environment: string, options?: { userId?: number; states?: readonly string[]; limit?: number }): Promise<TeamOrder[]>;
}

/** How long to wait before each time a lost INSERT is asked about: about two seconds in all. */
const CONFIRM_DELAYS_MS = [100, 300, 600, 1000] as const;
/**
 * Errors of a connection that was never made (57P03: the server is starting and lets no one in),
 * or the server's own answer that the statement failed whole (class 53: too many connections,
 * disk full): either way the row was not written, and there is no lost answer to ask about.
 */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P03']);
const notWritten = (code: string | undefined): boolean => code !== undefined && (NEVER_CONNECTED.has(code) || code.startsWith('53'));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^\d+(\.\d+)?$/;

function refuse(message: string): never {
  throw new TeamStoreError('invalid', message);
}

const { toAccepted, toNeedsReview, toFinal, toRecordedState, toFailed } = orderTransitions(refuse);

/** desk.record_order_outcome's p_to: which transition, with its one argument. */
type Outcome = 'accepted' | 'needs_review' | 'final' | 'recorded' | 'failed';
interface OutcomeArgs {
  transactionId?: number;
  state?: string;
  reason?: string;
}

/** What every journal row needs (a proposal too), checked before the database sees it. */
export function checkNewOrder(o: TeamNewOrder): void {
  if (!o.environment) refuse('An order needs an environment');
  if (!Number.isSafeInteger(o.userId) || o.userId <= 0) refuse(`Not a user id: ${o.userId}`);
  if (!['buy', 'sell', 'withdraw'].includes(o.kind)) refuse(`Not an order kind: ${String(o.kind)}`);
  if (typeof o.amount !== 'string' || !DECIMAL.test(o.amount))
    refuse(`An order amount must be decimal text, got ${JSON.stringify(o.amount)}`);
  if (o.kind === 'withdraw' && (!Number.isSafeInteger(o.bankAccountId) || (o.bankAccountId ?? 0) <= 0))
    refuse('A withdraw needs a bank account id');
  if (o.kind !== 'withdraw' && !o.pair) refuse(`A ${o.kind} needs a pair`);
}

function checkLease(leaseMs: number): void {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0 || leaseMs > 24 * 3600_000) throw new RangeError(`Not a lease length: ${leaseMs} ms`);
}

export function createTeamJournal(sql: TeamSql): TeamJournal {
  /**
   * One call of desk.record_order_outcome (migrations/0007-order-journal-through-functions.sql), which holds
   * the transitions in SQL with the row locked, so two desks cannot interleave, and lets only the lease
   * holder record what a send came to. The arguments are checked here first by the same rules
   * (journal-transitions.ts), so a transition that makes no sense is refused without a round trip.
   */
  async function transition(key: string, check: () => OrderTransition, to: Outcome, args: OutcomeArgs): Promise<TeamOrder> {
    check();
    if (!UUID.test(key)) refuse(`No journal row has idempotency key ${key}`);
    const { rows } = await sql.query<OrderRow>('SELECT * FROM desk.record_order_outcome($1, $2, $3, $4, $5)', [
      key,
      to,
      args.transactionId ?? null,
      args.state ?? null,
      args.reason ?? null,
    ]);
    return toTeamOrder(rows[0]!);
  }

  /**
   * The INSERT got no answer: the connection failed before it reached the server,
   * or after the commit. Asks (a few times, for a few seconds) whether the row is
   * there: found, it is ours to send; the database answering "no" means nothing
   * was written. Never answering leaves it unknown, and the caller must say so.
   */
  async function writtenAfterAll(requestId: string, lost: TeamDbUnavailableError): Promise<TeamOrder> {
    for (const delayMs of CONFIRM_DELAYS_MS) {
      await sleep(delayMs);
      let rows: OrderRow[];
      try {
        ({ rows } = await sql.query<OrderRow>('SELECT * FROM desk.orders WHERE request_id = $1 AND placed_by = session_user', [requestId]));
      } catch (error) {
        if (error instanceof TeamDbUnavailableError) continue;
        throw error;
      }
      if (rows[0]) return toTeamOrder(rows[0]);
      throw lost;
    }
    throw new TeamWriteUnconfirmedError(sql.target);
  }

  return {
    async beginOrder(order, leaseMs = DEFAULT_SEND_LEASE_MS) {
      checkNewOrder(order);
      checkLease(leaseMs);
      // Named by this desk before the INSERT, so a lost answer can be asked about.
      const requestId = randomUUID();
      try {
        // desk.begin_order refuses an order an approval rule covers (it must be proposed).
        const { rows } = await sql.query<OrderRow>('SELECT * FROM desk.begin_order($1, $2, $3, $4, $5, $6, $7, $8)', [
          order.environment,
          order.userId,
          order.kind,
          order.kind === 'withdraw' ? null : order.pair,
          order.amount,
          order.bankAccountId ?? null,
          leaseMs,
          requestId,
        ]);
        return toTeamOrder(rows[0]!);
      } catch (error) {
        if (!(error instanceof TeamDbUnavailableError)) throw error;
        // No connection at all, or the server refused the INSERT whole: nothing was written.
        if (notWritten(error.code)) throw error;
        return writtenAfterAll(requestId, error);
      }
    },

    async claimForSending(environment, leaseMs = DEFAULT_SEND_LEASE_MS) {
      checkLease(leaseMs);
      // desk.claim_order passes over (SKIP LOCKED) a row another desk is claiming this instant.
      const { rows } = await sql.query<OrderRow>('SELECT * FROM desk.claim_order($1, $2)', [environment, leaseMs]);
      return rows[0] ? toTeamOrder(rows[0]) : null;
    },

    async extendLease(idempotencyKey, leaseMs = DEFAULT_SEND_LEASE_MS) {
      checkLease(leaseMs);
      if (!UUID.test(idempotencyKey)) return false;
      const { rows } = await sql.query<{ ok: boolean }>('SELECT desk.extend_order_lease($1, $2) AS ok', [idempotencyKey, leaseMs]);
      return rows[0]!.ok;
    },

    markOrderAccepted: (key, transactionId) => transition(key, () => toAccepted(transactionId), 'accepted', { transactionId }),
    markOrderNeedsReview: (key, reason) => transition(key, () => toNeedsReview(reason), 'needs_review', { reason }),
    markOrderFinal: (key, state) => transition(key, () => toFinal(state), 'final', { state }),
    recordOrderState: (key, state) => transition(key, () => toRecordedState(state), 'recorded', { state }),
    markOrderFailed: (key, reason) => transition(key, () => toFailed(reason), 'failed', { reason }),

    async orderByKey(idempotencyKey) {
      if (!UUID.test(idempotencyKey)) return null;
      const { rows } = await sql.query<OrderRow>('SELECT * FROM desk.orders WHERE idempotency_key = $1', [idempotencyKey]);
      return rows[0] ? toTeamOrder(rows[0]) : null;
    },

    async orderById(environment, id) {
      if (!UUID.test(id)) return null;
      const { rows } = await sql.query<OrderRow>('SELECT * FROM desk.orders WHERE environment = $1 AND id = $2', [environment, id]);
      return rows[0] ? toTeamOrder(rows[0]) : null;
    },

    async pendingSends(environment) {
      const { rows } = await sql.query<OrderRow>(
        "SELECT * FROM desk.orders WHERE environment = $1 AND state = 'sending' ORDER BY created_at, seq",
        [environment],
      );
      return rows.map(toTeamOrder);
    },

    async awaitingSettlement(environment) {
      const { rows } = await sql.query<OrderRow>(
        `SELECT * FROM desk.orders WHERE environment = $1 AND transaction_id IS NOT NULL
            AND state NOT IN ('sending', 'needs_review') AND lower(trim(state)) <> ALL($2::text[])
          ORDER BY created_at, seq`,
        [environment, FINAL_ORDER_STATES],
      );
      return rows.map(toTeamOrder);
    },

    async recentOrders(environment, options = {}) {
      const p = new SqlParams();
      const where = [`environment = ${p.add(environment)}`];
      if (options.userId !== undefined) where.push(`user_id = ${p.add(options.userId)}`);
      if (options.states && options.states.length > 0) where.push(`state = ANY(${p.add([...options.states])}::text[])`);
      const { rows } = await sql.query<OrderRow>(
        `SELECT * FROM desk.orders WHERE ${where.join(' AND ')} ORDER BY created_at DESC, seq DESC LIMIT ${p.add(options.limit ?? 100)}`,
        p.values,
      );
      return rows.map(toTeamOrder);
    },
  };
}
