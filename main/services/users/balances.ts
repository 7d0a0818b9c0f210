// User and master balances: EUR plus every currency Kriptomat lists, fetched fresh
// with bounded concurrency, each valued in EUR at the latest price_sell (what the
// holding would fetch if sold now).
import type { BalanceView } from '../../../shared/desk-api';
import type { Balance } from '../../../shared/kriptomat';
import { dec } from '../../../shared/money';
import { mapBounded } from '../runtime/concurrency';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { cachedCurrencies, cachedPairs, latestRate, rateMaxAgeMs } from '../market/market';
import { readUserBalance } from '../common/cached-reads';
import type { ProfileRuntime } from '../runtime/runtime';

async function balancesOf(
  ctx: ServiceContext,
  runtime: ProfileRuntime,
  fetchOne: (code: string) => Promise<Balance>,
): Promise<BalanceView[]> {
  const [currencies, pairs] = await Promise.all([cachedCurrencies(runtime), cachedPairs(runtime)]);
  const codes = ['eur', ...currencies.map((c) => c.code.toLowerCase()).filter((code) => code !== 'eur')];
  return mapBounded(codes, ctx.tuning.concurrency, async (code): Promise<BalanceView> => {
    const { balance } = await fetchOne(code);
    if (code === 'eur') return { currency: code, balance, eurValue: dec(balance).toFixed(2) };
    const pair = `${code}eur`;
    if (!pairs.includes(pair)) return { currency: code, balance, eurValue: null };
    try {
      // The poller keeps rates fresh; a rate that is not stale is good enough for a valuation.
      const rate = await latestRate(ctx, runtime, pair, rateMaxAgeMs(ctx));
      return { currency: code, balance, eurValue: dec(balance).mul(dec(rate.priceSell)).toFixed(2) };
    } catch {
      return { currency: code, balance, eurValue: null };
    }
  });
}

export function createBalanceHandlers(ctx: ServiceContext): HandlersOf<'balances'> {
  return {
    'balances.user': async ({ userId }) => {
      const runtime = ctx.runtime();
      // Kept in the read cache too: what the ticket shows is what an order's checks use.
      return balancesOf(ctx, runtime, (code) => readUserBalance(ctx, runtime, userId, code));
    },
    'balances.master': async () => {
      const runtime = ctx.runtime();
      return balancesOf(ctx, runtime, (code) => runtime.api.masterBalance(code));
    },
  };
}
