// The outage of issue 20 on a fake clock: 100 s of failed rate polls back the
// poller off far beyond its interval; when Kriptomat answers another call, the
// back-off ends and a fresh rate comes within one polling interval — and the
// health the status bar shows goes unreachable (with the next retry), then OK.
import { describe, expect, it } from 'vitest';
import { KriptomatError } from '../../../main/kriptomat/errors';
import { silentLogger } from '../../../main/log';
import { startRatePoller } from '../../../main/services/market/market';
import { KriptomatHealth, SLOW_ANSWER_MS } from '../../../main/services/runtime/kriptomat-health';
import { ProfileRuntime } from '../../../main/services/runtime/runtime';
import type { Timers } from '../../../main/services/runtime/timers';
import type { KriptomatHealthView } from '../../../shared/desk-api';
import { FakeClock } from '../../support/fake-clock';
import { fakeContext } from './fakes';

const INTERVAL_S = 10;

function timersOn(clock: FakeClock): Timers {
  return {
    now: () => clock.now(),
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle),
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)),
  };
}

function outage(): KriptomatError {
  return new KriptomatError({ kind: 'network', endpoint: 'exchangeRate', message: 'Could not reach Kriptomat.' });
}

async function outageScenario() {
  const clock = new FakeClock();
  const timers = timersOn(clock);
  let down = true;
  let rates = 0;
  const f = fakeContext({
    pairs: async () => ['btceur'],
    exchangeRate: async (pair: string) => {
      if (down) throw outage();
      rates += 1;
      return {
        pair,
        price: '50000',
        price_buy: '50100',
        price_sell: '49900',
        date: new Date(clock.now()).toISOString(),
        timestamp: clock.now(),
      };
    },
    showUser: async () => {
      if (down) throw outage();
      return { id: 1 } as never;
    },
  });
  await f.ctx.settings.update({ pollingIntervalSeconds: INTERVAL_S });
  const runtime = new ProfileRuntime(f.runtime.profile, f.session, timers, silentLogger);
  const ctx = { ...f.ctx, timers, runtime: () => runtime };
  const health: KriptomatHealthView['state'][] = [];
  runtime.health.onChange((view) => health.push(view.state));
  startRatePoller(ctx, runtime);
  return {
    clock,
    runtime,
    health,
    rates: () => rates,
    back: () => {
      down = false;
    },
  };
}

describe('Kriptomat health and the rate poller after an outage', () => {
  it('an answer to another call ends the back-off: a fresh rate within one interval', async () => {
    const s = await outageScenario();
    await s.clock.advance(100_000);
    expect(s.rates()).toBe(0);
    expect(s.runtime.poller!.consecutiveFailures).toBeGreaterThan(1);
    const view = s.runtime.health.view();
    expect(view.state).toBe('unreachable');
    expect(view.nextRetryAtMs).toBe(s.runtime.poller!.nextTickAtMs);
    // The scenario of the issue: the poller's own next try is well beyond one interval away.
    expect(s.runtime.poller!.nextTickAtMs! - s.clock.now()).toBeGreaterThan(INTERVAL_S * 1000);

    s.back();
    await s.runtime.api.showUser(1);
    expect(s.runtime.health.view().state).toBe('ok');
    expect(s.runtime.poller!.consecutiveFailures).toBe(0);
    await s.clock.advance(INTERVAL_S * 1000);
    expect(s.rates()).toBe(1);
    // The pairs answered (ok), the rates did not (unreachable, told again as each retry moved), then ok.
    expect(s.health.slice(0, 2)).toEqual(['ok', 'unreachable']);
    expect(s.health.at(-1)).toBe('ok');
    await s.runtime.stop();
  });

  it('without another answer the poller keeps its back-off (the reset above is what brings the rate)', async () => {
    const s = await outageScenario();
    await s.clock.advance(100_000);
    s.back();
    await s.clock.advance(INTERVAL_S * 1000);
    expect(s.rates()).toBe(0);
    await s.runtime.stop();
  });

  it('Retry now polls at once, in the middle of a back-off', async () => {
    const s = await outageScenario();
    await s.clock.advance(100_000);
    s.back();
    await s.runtime.poller!.pollNow();
    expect(s.rates()).toBe(1);
    expect(s.runtime.health.view()).toMatchObject({ state: 'ok', nextRetryAtMs: null });
    await s.runtime.stop();
  });
});

describe('KriptomatHealth', () => {
  it('is slow when an answer takes longer than the threshold, ok again on a quick one', () => {
    const now = 1_000;
    const health = new KriptomatHealth(() => now);
    expect(health.view().state).toBe('unknown');
    health.note({ reached: true, durationMs: SLOW_ANSWER_MS + 1 });
    expect(health.view().state).toBe('slow');
    health.note({ reached: true, durationMs: 100 });
    expect(health.view()).toMatchObject({ state: 'ok', lastAnswerMs: 100 });
  });

  it('keeps the start of an outage through later failures and says the last failure', () => {
    let now = 1_000;
    const health = new KriptomatHealth(() => now);
    health.note({ reached: false, durationMs: 5, message: 'first' });
    now = 9_000;
    health.note({ reached: false, durationMs: 5, message: 'Kriptomat answered 503.' });
    health.setNextRetry(20_000);
    expect(health.view()).toEqual({
      state: 'unreachable',
      sinceMs: 1_000,
      nextRetryAtMs: 20_000,
      lastAnswerMs: null,
      message: 'Kriptomat answered 503.',
    });
  });
});
