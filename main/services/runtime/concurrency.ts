// Bounded parallelism for fan-out calls (balances per currency, transaction
// pages): fast enough to hide latency, polite enough not to trip the service's
// rate limit or our own retry storms.

/**
 * Runs `fn` over `items` with at most `limit` calls in flight and returns the
 * results in input order. The first failure rejects after in-flight calls settle
 * and stops new calls from starting.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        if (!failed) firstError = error;
        failed = true;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);
  if (failed) throw firstError;
  return results;
}
