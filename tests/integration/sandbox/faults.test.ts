// Injected faults: validation, 429 with Retry-After, 5xx, latency, drop-after-commit,
// and that control endpoints are never affected.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { call, dump, login, start } from './helpers';

describe('faults', () => {
  let sb: RunningSandbox;
  let token: string;
  beforeAll(async () => {
    sb = await start();
    token = await login(sb);
  });
  afterEach(async () => {
    await call(sb, '/__sandbox/faults', { method: 'DELETE' });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('validates the fault settings with 422', async () => {
    for (const body of [
      { error_rate: 1.5 },
      { error_rate: '0.5' },
      { latency_ms: -1 },
      { error_status: 404 },
      { retry_after_s: 1.5 },
      { bogus: 1 },
    ]) {
      const res = await call(sb, '/__sandbox/faults', { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(Object.keys(body));
    }
    const ok = await call(sb, '/__sandbox/faults', { body: { error_rate: 0.25 } });
    expect(ok.status).toBe(200);
    expect(ok.body.faults).toEqual({
      latency_ms: 0,
      error_rate: 0.25,
      error_status: 500,
      rate_limit_rate: 0,
      retry_after_s: 1,
      drop_after_commit_rate: 0,
    });
  });

  it('only the documented names are settings: inherited names and an own "__proto__" are a 422 that changes nothing', async () => {
    const set = await call(sb, '/__sandbox/faults', { body: { error_rate: 0.25, latency_ms: 5 } });
    expect(set.status).toBe(200);
    const bodies = [
      '{"constructor":1}',
      '{"toString":1}',
      '{"hasOwnProperty":0.5}',
      '{"__proto__":{"error_rate":1}}',
      '{"__proto__":null}',
      '{"error_rate":0.5,"__proto__":{}}',
    ];
    for (const raw of bodies) {
      const res = await call(sb, '/__sandbox/faults', { raw, contentType: 'application/json' });
      expect(res.status, raw).toBe(422);
      // JSON.parse keeps "__proto__" as an own key, so Object.keys sees it on both sides.
      const name = Object.keys(JSON.parse(raw) as object).at(-1)!;
      expect(Object.keys(res.body.errors), raw).toEqual([name]);
      expect(res.body.errors[name][0], raw).toMatch(
        /^Unknown fault setting; use latency_ms, error_rate, error_status, rate_limit_rate, retry_after_s, drop_after_commit_rate\.$/,
      );
    }
    const after = await call(sb, '/__sandbox/faults');
    expect(after.body).toEqual({
      faults: { latency_ms: 5, error_rate: 0.25, error_status: 500, rate_limit_rate: 0, retry_after_s: 1, drop_after_commit_rate: 0 },
    });
  });

  it('rate limits with 429 and Retry-After; control endpoints are unaffected', async () => {
    await call(sb, '/__sandbox/faults', { body: { rate_limit_rate: 1, retry_after_s: 7, error_rate: 1 } });
    const res = await call(sb, 'pairs', { token });
    expect(res.status).toBe(429); // 429 comes before 5xx
    expect(res.headers.get('retry-after')).toBe('7');
    // The reference gives only 401 and 422 their own shapes; every other error is {"status":false,"message"}.
    expect(res.body).toEqual({ status: false, message: 'Too Many Attempts.' });
    expect((await call(sb, '/__sandbox/state')).status).toBe(200);
    expect((await call(sb, '/__sandbox/clock')).status).toBe(200);
  });

  it('answers injected 5xx with the chosen status, and nothing is booked', async () => {
    await call(sb, '/__sandbox/faults', { body: { error_rate: 1, error_status: 503 } });
    const count = (await dump(sb)).transactions.length;
    const res = await call(sb, 'users/1/buy', { token, body: { amount: '10.00', pair: 'btceur', idempotency_key: 'fault-5xx' } });
    expect(res.status).toBe(503);
    expect(res.body.status).toBe(false);
    expect((await dump(sb)).transactions).toHaveLength(count);
    await call(sb, '/__sandbox/faults', { body: { error_rate: 1 } });
    expect((await call(sb, 'pairs', { token })).status).toBe(500);
  });

  it('an error rate of 0.5 fails some requests and not others', async () => {
    await call(sb, '/__sandbox/faults', { body: { error_rate: 0.5 } });
    const statuses = await Promise.all(Array.from({ length: 40 }, () => call(sb, 'pairs', { token }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5);
  });

  it('adds latency', async () => {
    await call(sb, '/__sandbox/faults', { body: { latency_ms: 300 } });
    const t0 = performance.now();
    expect((await call(sb, 'pairs', { token })).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = performance.now();
    await call(sb, '/__sandbox/state');
    expect(performance.now() - t1).toBeLessThan(290);
  });

  it('drop-after-commit books the order, destroys the connection, and a replay returns the booked result', async () => {
    await call(sb, '/__sandbox/faults', { body: { drop_after_commit_rate: 1 } });
    const count = (await dump(sb)).transactions.length;
    const body = { amount: '42.00', pair: 'btceur', idempotency_key: 'drop-1' };
    await expect(call(sb, 'users/1/buy', { token, body })).rejects.toThrow();
    const after = await dump(sb);
    expect(after.transactions).toHaveLength(count + 1);
    const booked = after.transactions.at(-1)!;
    expect(booked).toMatchObject({ user_id: 1, type: 'buy', total: '42.00', idempotency_key: 'drop-1' });
    // GETs are not dropped.
    expect((await call(sb, 'pairs', { token })).status).toBe(200);
    await call(sb, '/__sandbox/faults', { method: 'DELETE' });
    const replay = await call(sb, 'users/1/buy', { token, body });
    expect(replay.status).toBe(200);
    expect(replay.body.data.transaction_id).toBe(booked.id);
    expect((await dump(sb)).transactions).toHaveLength(count + 1);
  });

  it('DELETE clears every fault', async () => {
    await call(sb, '/__sandbox/faults', { body: { error_rate: 1, rate_limit_rate: 1 } });
    const cleared = await call(sb, '/__sandbox/faults', { method: 'DELETE' });
    expect(cleared.body.faults.error_rate).toBe(0);
    expect((await call(sb, 'pairs', { token })).status).toBe(200);
  });
});
