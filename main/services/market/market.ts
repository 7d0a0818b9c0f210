// Pairs, currencies and rates. Pairs and currencies change rarely, so they are
// fetched once per session; rates come from the profile's poller, which records
// every quote in the store (the API has no history endpoint: charts are built
// from what was polled) and emits `rates.tick`.
import type { KriptomatHealthView, RateView } from '../../../shared/desk-api';
import type { Currency } from '../../../shared/kriptomat';
import { DeskFailure } from '../../errors';
import { rateStaleAfterMs } from '../../../shared/rate-freshness';
import { mapBounded } from '../runtime/concurrency';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { RatePoller } from '../runtime/rate-poller';
import type { ProfileRuntime } from '../runtime/runtime';
import { rateView } from '../common/views';

export const DEFAULT_HISTORY_POINTS = 1000;

/** Memoised per session; a failed fetch is forgotten so the next call tries again. */
export function cachedPairs(runtime: ProfileRuntime): Promise<string[]> {
  // Read the API first: a signed-out profile refuses even what it has cached.
  const api = runtime.api;
  const cached = runtime.market.pairs;
  if (cached) return cached;
  const fetching = api.pairs().then((pairs) => pairs.map((p) => p.toLowerCase()));
  runtime.market.pairs = fetching;
  fetching.catch(() => {
    if (runtime.market.pairs === fetching) runtime.market.pairs = null;
  });
  return fetching;
}

export function cachedCurrencies(runtime: ProfileRuntime): Promise<Currency[]> {
  const api = runtime.api;
  const cached = runtime.market.currencies;
  if (cached) return cached;
  const fetching = api.currencies();
  runtime.market.currencies = fetching;
  fetching.catch(() => {
    if (runtime.market.currencies === fetching) runtime.market.currencies = null;
  });
  return fetching;
}

/** Keeps a fetched quote: latest cache, rate history, and the tick event. Never rejects. */
export async function acceptRate(ctx: ServiceContext, runtime: ProfileRuntime, view: RateView): Promise<void> {
  if (runtime.stopped) return;
  const previous = runtime.market.latest.get(view.pair);
  if (!previous || previous.receivedAtMs <= view.receivedAtMs) runtime.market.latest.set(view.pair, view);
  try {
    await ctx.store.recordRate(runtime.profile.id, view);
  } catch (error) {
    ctx.log.warn('could not record a rate', { pair: view.pair, error });
  }
  // After the history row, as before: a chart asked for on the tick includes it.
  // Not for a profile switched away from while the row was written.
  if (!runtime.stopped) ctx.events.emit('rates.tick', view);
}

/** How old a cached rate may be for an order's checks: the one staleness rule, unless tuned. */
export function rateMaxAgeMs(ctx: ServiceContext): number {
  return ctx.tuning.rateFreshMs ?? rateStaleAfterMs(ctx.settings.get().pollingIntervalSeconds);
}

/** Shares one poll's rates with the team's database (for valuing sells against its rules); never rejects. */
async function shareRates(ctx: ServiceContext, runtime: ProfileRuntime, views: RateView[]): Promise<void> {
  if (runtime.stopped || views.length === 0) return;
  try {
    await ctx.store.shareRates(runtime.profile.id, views);
  } catch (error) {
    ctx.log.warn('could not share rates with the team', { pairs: views.length, error });
  }
}

/** The latest quote of `pair`, fetched now when the cached one is older than `maxAgeMs`. */
export async function latestRate(ctx: ServiceContext, runtime: ProfileRuntime, pair: string, maxAgeMs: number): Promise<RateView> {
  const cached = runtime.market.latest.get(pair);
  if (cached && ctx.timers.now() - cached.receivedAtMs <= maxAgeMs) return cached;
  const view = rateView(await runtime.api.exchangeRate(pair), ctx.timers.now());
  await acceptRate(ctx, runtime, view);
  // Fetched to value an order, most likely: the team's database values a sell by it too.
  await shareRates(ctx, runtime, [view]);
  return view;
}

/** Creates and starts the profile's rate poller (interval from settings, read on every tick). */
export function startRatePoller(ctx: ServiceContext, runtime: ProfileRuntime): void {
  if (runtime.stopped || runtime.poller?.isRunning) return;
  runtime.poller ??= new RatePoller({
    pairs: () => cachedPairs(runtime),
    fetchRate: (pair) => runtime.api.exchangeRate(pair),
    onRate: (_pair, rate) => acceptRate(ctx, runtime, rateView(rate, ctx.timers.now())),
    onTick: (polled) =>
      shareRates(
        ctx,
        runtime,
        polled.map(({ rate }) => rateView(rate, ctx.timers.now())),
      ),
    intervalMs: () => ctx.settings.get().pollingIntervalSeconds * 1000,
    timers: ctx.timers,
    onScheduled: (atMs) => runtime.health.setNextRetry(atMs),
    concurrency: ctx.tuning.concurrency,
    onError: (error, failures) => {
      // Signed out is not an outage: the session listener stops the poller.
      if (failures === 1 || failures % 10 === 0) ctx.log.warn('rate poll failed; backing off', { failures, error });
    },
  });
  runtime.poller.start();
}

/** The runtime's health as the bridge shows it. */
export function healthView(runtime: ProfileRuntime): KriptomatHealthView {
  return { profileId: runtime.profile.id, ...runtime.health.view() };
}

export function createMarketHandlers(ctx: ServiceContext): HandlersOf<'market'> {
  return {
    'market.pairs': async () => [...(await cachedPairs(ctx.runtime()))],

    'market.currencies': async () => (await cachedCurrencies(ctx.runtime())).map((c) => ({ code: c.code, name: c.name })),

    'market.latest': async () => {
      const runtime = ctx.runtime();
      const pairs = await cachedPairs(runtime);
      // Before the poller's first tick, fetch what is missing so the screen is never empty.
      const missing = pairs.filter((pair) => !runtime.market.latest.has(pair));
      await mapBounded(missing, ctx.tuning.concurrency, (pair) => latestRate(ctx, runtime, pair, Number.POSITIVE_INFINITY));
      return pairs.map((pair) => runtime.market.latest.get(pair)).filter((rate): rate is RateView => rate !== undefined);
    },

    'market.health': async () => healthView(ctx.runtime()),

    'market.retryNow': async () => {
      const runtime = ctx.runtime();
      // Signed out, the poller is stopped and nothing is tried: say so rather than pretend.
      if (!runtime.signedIn || !runtime.poller?.isRunning) {
        throw new DeskFailure('signed_out', `You are signed out of ${runtime.profile.name}: sign in to reach Kriptomat again.`);
      }
      await runtime.poller.pollNow();
      return healthView(runtime);
    },

    'market.history': async ({ pair, fromMs, toMs, maxPoints }) => {
      const runtime = ctx.runtime();
      const [from, to] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
      const points = await ctx.store.rateSeries(runtime.profile.id, pair, from, to, maxPoints ?? DEFAULT_HISTORY_POINTS);
      return { pair, points };
    },
  };
}
