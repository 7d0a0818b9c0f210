// Orders of this desk (journal rows), newest first, updated by orders.updated so the
// ticket can show each order's progress while the operator writes the next one.
import { create } from 'zustand';
import type { OrderView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';

interface OrdersState {
  orders: OrderView[];
  error: string | null;
  loaded: boolean;
}

export const useOrders = create<OrdersState>()(() => ({ orders: [], error: null, loaded: false }));

export function upsertOrder(order: OrderView): void {
  useOrders.setState((s) => {
    const existing = s.orders.find((o) => o.id === order.id);
    // Events can overtake the place() answer: never step back to an older state.
    if (existing && existing.updatedAtMs > order.updatedAtMs) return s;
    const rest = s.orders.filter((o) => o.id !== order.id);
    return { orders: [order, ...rest].sort((a, b) => b.createdAtMs - a.createdAtMs).slice(0, 200) };
  });
}

export async function loadOrders(): Promise<void> {
  try {
    const orders = await call((d) => d.orders.list({ limit: 100 }));
    useOrders.setState((s) => {
      const byId = new Map(orders.map((o) => [o.id, o]));
      for (const o of s.orders) {
        const loaded = byId.get(o.id);
        if (!loaded || loaded.updatedAtMs < o.updatedAtMs) byId.set(o.id, o);
      }
      return { orders: [...byId.values()].sort((a, b) => b.createdAtMs - a.createdAtMs), error: null, loaded: true };
    });
  } catch (error) {
    useOrders.setState({ error: describeError(error), loaded: true });
  }
}

/** One meaning of "final" for main and the renderer (shared/order-states.ts). */
export { isFinalOrderState, isNeedsReviewState, NEEDS_REVIEW } from '../../../shared/order-states';
