// Pairs, currencies, exchange rates (random walk on the sandbox clock) and balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { advance, BASES, call, dump, login, start, userIn } from './helpers';

describe('market data and balances', () => {
  let sb: RunningSandbox;
  let twin: RunningSandbox;
  let token: string;
  let twinToken: string;
  beforeAll(async () => {
    // Long-lived tokens: this file jumps the clock by hours and days.
    [sb, twin] = await Promise.all([start({ seed: 7, tokenTtlSeconds: 86_400 * 365 }), start({ seed: 7, tokenTtlSeconds: 86_400 * 365 })]);
    [token, twinToken] = await Promise.all([login(sb), login(twin)]);
  });
  afterAll(async () => {
    await Promise.all([sb.close(), twin.close()]);
  });

  it.each(BASES)('lists pairs and currencies under %s', async (base) => {
    expect((await call(sb, 'pairs', { base, token })).body).toEqual({ status: true, data: ['btceur', 'etheur', 'xrpeur'] });
    expect((await call(sb, 'currencies', { base, token })).body).toEqual({
      status: true,
      data: [
        { name: 'Bitcoin', code: 'btc' },
        { name: 'Ethereum', code: 'eth' },
        { name: 'XRP', code: 'xrp' },
      ],
    });
  });

  it.each(['btceur', 'etheur', 'xrpeur'])('quotes %s with a spread, ms timestamp and zone-less date', async (pair) => {
    for (const base of BASES) {
      const res = await call(sb, `exchange-rates?pair=${pair}`, { base, token });
      expect(res.status).toBe(200);
      const d = res.body.data;
      expect(Object.keys(d)).toEqual(['pair', 'price', 'price_buy', 'price_sell', 'date', 'timestamp']);
      expect(d.pair).toBe(pair);
      expect(d.price_buy).toBeGreaterThan(d.price);
      expect(d.price).toBeGreaterThan(d.price_sell);
      expect(d.price_sell).toBeGreaterThan(0);
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
      expect(new Date(`${d.date}Z`).getTime()).toBe(d.timestamp);
      expect(Math.abs(d.timestamp - Date.parse(res.headers.get('date')!))).toBeLessThan(1500);
    }
  });

  it('is a bounded walk driven by the sandbox clock: same seed and time, same price', async () => {
    const now = (await call(sb, '/__sandbox/clock')).body.now_ms as number;
    const target = Math.floor(now / 1000) * 1000 + 3_600_000;
    const prices: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = target + i * 600_000 + 200; // every 10 minutes for ~7 hours, early in a second
      await Promise.all([call(sb, '/__sandbox/clock', { body: { set_ms: t } }), call(twin, '/__sandbox/clock', { body: { set_ms: t } })]);
      const [a, b] = await Promise.all([
        call(sb, 'exchange-rates?pair=btceur', { token }),
        call(twin, 'exchange-rates?pair=btceur', { token: twinToken }),
      ]);
      expect(a.body.data.price).toBe(b.body.data.price);
      prices.push(a.body.data.price as number);
    }
    expect(new Set(prices).size).toBeGreaterThan(30); // it moves
    for (let i = 1; i < prices.length; i++) expect(Math.abs(prices[i]! / prices[i - 1]! - 1)).toBeLessThan(0.05); // in steps
    for (const p of prices) {
      expect(p).toBeGreaterThan(58_000 * Math.exp(-0.31));
      expect(p).toBeLessThan(58_000 * Math.exp(0.31));
    }
    // A month later it is still inside the band.
    await advance(sb, 30 * 86_400);
    const later = (await call(sb, 'exchange-rates?pair=btceur', { token })).body.data.price as number;
    expect(later).toBeGreaterThan(58_000 * Math.exp(-0.31));
    expect(later).toBeLessThan(58_000 * Math.exp(0.31));
  });

  it('refuses a missing or unknown pair with 422', async () => {
    const missing = await call(sb, 'exchange-rates', { token });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.pair).toEqual(['The pair field is required.']);
    const unknown = await call(sb, 'exchange-rates?pair=dogeeur', { token });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.pair).toEqual(['The selected pair is invalid.']);
  });

  it.each(BASES)('answers user balances under %s as JSON numbers matching the ledger', async (base) => {
    const state = userIn(await dump(sb), 1);
    for (const code of ['eur', 'btc', 'eth', 'xrp']) {
      const res = await call(sb, `users/1/balances?currency_code=${code}`, { base, token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: true, data: { balance: Number(state.balances[code]), currency_code: code } });
    }
    expect(Number(state.balances.eur)).toBeGreaterThan(10_000);
    expect(Number(state.balances.btc)).toBeGreaterThan(0.02);
  });

  it.each(BASES)('answers the master balance under %s', async (base) => {
    const d = await dump(sb);
    for (const code of ['eur', 'btc']) {
      const res = await call(sb, `balances?currency_code=${code}`, { base, token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: true, data: { balance: Number(d.partner.balances[code]), currency_code: code } });
    }
  });

  it('refuses a missing or unknown currency with 422', async () => {
    for (const path of ['balances', 'balances?currency_code=doge', 'users/1/balances', 'users/1/balances?currency_code=usd']) {
      const res = await call(sb, path, { token });
      expect(res.status, path).toBe(422);
      expect(res.body.errors.currency_code).toHaveLength(1);
    }
  });
});
