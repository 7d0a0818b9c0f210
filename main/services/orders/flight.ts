// What the order modules share: the context, and which journal rows this process
// is working on right now. Sending (send.ts), reviewing (review.ts)
// and watching (watch.ts) each take what they need from here, so a resume
// after a sign-in never doubles a send, a review or a poll that is already running.
//
// The store is asynchronous, so a list read from the journal may be out of date
// by the time it is acted on: whoever acts on a listed row takes it here first
// and then reads it again (`stillIn`), and a resume waits for placements whose
// rows are being written (`placementsWritten`) so it never sends a row its
// placement is about to send itself.
import { displayPair, orderCurrency } from '../../../shared/pairs';
import type { ServiceContext } from '../common/context';
import type { JournalRow } from '../../store/port';
import { orderView } from '../common/views';

export class OrdersInFlight {
  /** Rows being sent (a placement or a background re-send) or reviewed. */
  private readonly busy = new Set<string>();
  private readonly polling = new Set<string>();
  /**
   * Rows this process created and has not yet sent in a way that may have reached
   * Kriptomat. Any row not in here (found in the journal on start, or sent before
   * without a clear answer) may already have been booked.
   */
  private readonly unsent = new Set<string>();
  /** Placements between their journal write and taking the row written. */
  private readonly placing = new Set<Promise<unknown>>();

  /** Takes a row for sending or review; false when something else already has it. */
  take(id: string): boolean {
    if (this.busy.has(id)) return false;
    this.busy.add(id);
    return true;
  }

  release(id: string): void {
    this.busy.delete(id);
  }

  isBusy(id: string): boolean {
    return this.busy.has(id);
  }

  /** Takes a row for polling; false when it is already polled. */
  takePolling(id: string): boolean {
    if (this.polling.has(id)) return false;
    this.polling.add(id);
    return true;
  }

  releasePolling(id: string): void {
    this.polling.delete(id);
  }

  /** A row just written by this process: nothing of it can have reached Kriptomat yet. */
  markUnsent(id: string): void {
    this.unsent.add(id);
  }

  /** Whether no earlier send of the row can have reached Kriptomat. */
  isUnsent(id: string): boolean {
    return this.unsent.has(id);
  }

  /** A send went out: from now on the row may have been booked. */
  markSent(id: string): void {
    this.unsent.delete(id);
  }

  /**
   * Writes a placement's row and takes it, marked unsent, in the same turn the
   * write resolves; until then `placementsWritten` waits for it.
   */
  async placeRow(write: () => Promise<JournalRow>): Promise<JournalRow> {
    const written = write().then((row) => {
      this.markUnsent(row.id);
      this.take(row.id);
      return row;
    });
    this.placing.add(written);
    try {
      return await written;
    } finally {
      this.placing.delete(written);
    }
  }

  /** Resolves once every placement writing its row now has taken it (however the write ends). */
  async placementsWritten(): Promise<void> {
    await Promise.allSettled([...this.placing]);
  }
}

/**
 * The row as the journal has it now, when it is still in `state` (and the
 * profile's); null otherwise. Call while holding the row: a listed row may have
 * moved on between the list and the take.
 */
export async function stillIn(flow: OrderFlow, row: JournalRow, state: string): Promise<JournalRow | null> {
  const current = await flow.ctx.store.getOrder(row.profileId, row.id);
  return current && current.state === state ? current : null;
}

/** Everything the order modules need: the services' context and the rows in flight. */
export interface OrderFlow {
  ctx: ServiceContext;
  flight: OrdersInFlight;
}

/** Tells the renderer about a row's new state; returns the row. */
export function emitOrder(flow: OrderFlow, row: JournalRow): JournalRow {
  flow.ctx.events.emit('orders.updated', orderView(row));
  return row;
}

/** Plain words for the audit log: "buy 20.00 EUR of btceur for user 1". */
export function describeOrder(row: Pick<JournalRow, 'kind' | 'amount' | 'pair' | 'userId' | 'bankAccountId'>): string {
  if (row.kind === 'withdraw') return `withdraw ${row.amount} EUR for user ${row.userId} to bank account ${row.bankAccountId}`;
  const currency = orderCurrency(row.kind, row.pair).toUpperCase();
  // The audit log is read by operators: "BTC/EUR", not the API's "btceur".
  return `${row.kind} ${row.amount} ${currency} of ${row.pair === null ? null : displayPair(row.pair)} for user ${row.userId}`;
}
