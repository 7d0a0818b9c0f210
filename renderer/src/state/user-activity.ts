// A number that changes whenever one of this user's orders changes, so the user's
// balances and transactions reload when an order settles.
import { useOrders } from './orders';

export function useUserOrderVersion(userId: number): string {
  return useOrders((s) => {
    let latest = 0;
    let count = 0;
    for (const o of s.orders) {
      if (o.userId !== userId) continue;
      count += 1;
      if (o.updatedAtMs > latest) latest = o.updatedAtMs;
    }
    return `${count}:${latest}`;
  });
}
