// The bridge's orders.* methods: buy, sell and withdraw orders as the desk's
// journal keeps them, and the operator's way out for a held withdrawal or an
// order whose booking needs review. Pure: no Node or DOM imports.
import { z } from 'zod';
import { method, returns } from './method';
import type { TransactionView } from './transactions';
import { amountText, id, orderId, pair, profileId } from './values';

export const orderSides = ['buy', 'sell'] as const;
export type OrderKind = 'buy' | 'sell' | 'withdraw';

export interface OrderView {
  id: string;
  profileId: string;
  userId: number;
  kind: OrderKind;
  pair: string | null;
  amount: string;
  bankAccountId: number | null;
  state: string;
  transactionId: number | null;
  error: string | null;
  /** A held withdrawal goes at this time (ms) unless cancelled; null when the order was never held. */
  holdUntilMs: number | null;
  /** A proposal its proposer withdrew before it was decided (state 'rejected'; never sent). */
  withdrawn: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}
/**
 * The transactions that may be a needs-review order's booking: the user's, of the
 * same kind, pair and amount, not older than the order, and no other order's.
 */
export interface SettleCandidatesView {
  orderId: string;
  candidates: TransactionView[];
  /** Read from Kriptomat just now; false: Kriptomat could not be read, so these come from the desk's cache. */
  live: boolean;
}

export const ordersMethods = {
  // orders
  'orders.place': method(
    z
      // profileId: the environment the ticket was written for; main refuses it on any other.
      .object({ profileId, userId: id, side: z.enum(orderSides), pair, amount: amountText, overrideLimit: z.boolean().optional() })
      .strict(),
    returns<OrderView>(),
  ),
  'orders.withdraw': method(
    z.object({ profileId, userId: id, bankAccountId: id, amount: amountText, overrideLimit: z.boolean().optional() }).strict(),
    returns<OrderView>(),
  ),
  'orders.list': method(
    z.object({ userId: id.optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    returns<OrderView[]>(),
  ),
  // A held withdrawal cancelled before its hold ends: never sent.
  'orders.cancelHeld': method(z.object({ orderId }).strict(), returns<OrderView>()),
  'orders.reviewCandidates': method(z.object({ orderId }).strict(), returns<SettleCandidatesView>()),
  // A needs-review order settled by the operator: booked as one of its candidate transactions, or not booked (failed; never sent again).
  'orders.settle': method(
    z.discriminatedUnion('outcome', [
      z.object({ orderId, outcome: z.literal('booked'), transactionId: id }).strict(),
      z.object({ orderId, outcome: z.literal('not_booked') }).strict(),
    ]),
    returns<OrderView>(),
  ),
} as const;
