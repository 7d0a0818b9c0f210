import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, failedBeforeSending, parseRetryAfter, resolveRetryOptions } from '../../../main/kriptomat/retry';
import type { StubResponse } from '../../support/stub-server';
import { clientRig, TOKEN, type ClientRig } from './helpers';

const okPairs: StubResponse = { status: 200, body: { status: true, data: ['btceur'] } };
const okOrder: StubResponse = { status: 200, body: { status: true, data: { transaction_id: 99 } } };

/** Answers from `script` in order, then the last one forever. */
const scripted =
  (...script: StubResponse[]) =>
  (_req: unknown, index: number) =>
    script[Math.min(index, script.length - 1)]!;

describe('backoff and Retry-After', () => {
  it('doubles per attempt up to the cap, with half of each step jittered', () => {
    const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1_000 });
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, () => 0.999999))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('reads Retry-After as seconds or as an HTTP date against the response Date', () => {
    expect(parseRetryAfter('3', null, 0)).toBe(3);
    expect(parseRetryAfter(null, null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', null, 0)).toBeUndefined();
    const serverDate = 'Wed, 21 Oct 2015 07:28:00 GMT';
    // The local clock is an hour off; the wait is still 5 s by the server's own clock.
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', serverDate, Date.parse(serverDate) + 3_600_000)).toBe(5);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', null, Date.parse(serverDate))).toBe(5);
  });

  it('knows which connection failures happened before sending', () => {
    expect(failedBeforeSending(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(failedBeforeSending(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(false);
    expect(
      failedBeforeSending(
        Object.assign(new TypeError('fetch failed'), { cause: new AggregateError([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }]) }),
      ),
    ).toBe(true);
    expect(failedBeforeSending(new TypeError('fetch failed'))).toBe(false);
  });
});

describe('retries against the stub', () => {
  let rig: ClientRig | undefined;
  afterEach(async () => {
    await rig?.stub.close();
    rig = undefined;
  });

  it('a GET retries 5xx with exponential backoff until it succeeds', async () => {
    rig = await clientRig(scripted({ status: 503 }, { status: 500 }, okPairs), { retry: { baseDelayMs: 100 } });
    expect(await rig.client.pairs(TOKEN)).toEqual(['btceur']);
    expect(rig.stub.requests).toHaveLength(3);
    // random() = 0.5: 75% of 100, then of 200.
    expect(rig.sleeps).toEqual([75, 150]);
  });

  it('a GET gives up after maxAttempts and reports the last error', async () => {
    rig = await clientRig(scripted({ status: 502 }), { retry: { maxAttempts: 3 } });
    await expect(rig.client.pairs(TOKEN)).rejects.toMatchObject({ kind: 'server', status: 502 });
    expect(rig.stub.requests).toHaveLength(3);
    expect(rig.sleeps).toHaveLength(2);
  });

  it('a GET honours Retry-After in seconds on 429', async () => {
    rig = await clientRig(scripted({ status: 429, headers: { 'Retry-After': '2' } }, okPairs));
    expect(await rig.client.pairs(TOKEN)).toEqual(['btceur']);
    expect(rig.sleeps).toEqual([2_000]);
  });

  it('a GET honours Retry-After as an HTTP date', async () => {
    rig = await clientRig((_req, index) => {
      if (index > 0) return okPairs;
      const now = Date.now();
      return { status: 429, headers: { Date: new Date(now).toUTCString(), 'Retry-After': new Date(now + 4_000).toUTCString() } };
    });
    expect(await rig.client.pairs(TOKEN)).toEqual(['btceur']);
    expect(rig.sleeps).toHaveLength(1);
    // Both headers have whole-second resolution.
    expect(rig.sleeps[0]).toBeGreaterThanOrEqual(3_000);
    expect(rig.sleeps[0]).toBeLessThanOrEqual(5_000);
  });

  it('a Retry-After beyond the limit is not slept on: the caller gets rate_limited', async () => {
    rig = await clientRig(scripted({ status: 429, headers: { 'Retry-After': '3600' } }, okPairs));
    await expect(rig.client.pairs(TOKEN)).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 3600 });
    expect(rig.sleeps).toEqual([]);
    expect(rig.stub.requests).toHaveLength(1);
  });

  it('a GET retries dropped connections and timeouts', async () => {
    rig = await clientRig(scripted({ drop: true }, { hang: true }, okPairs), { timeoutMs: 150 });
    expect(await rig.client.pairs(TOKEN)).toEqual(['btceur']);
    expect(rig.stub.requests).toHaveLength(3);
  });

  it('a GET does not retry a 4xx', async () => {
    rig = await clientRig(scripted({ status: 404, body: { status: false, message: 'nope' } }, okPairs));
    await expect(rig.client.showUser(TOKEN, 3)).rejects.toMatchObject({ kind: 'not_found' });
    expect(rig.stub.requests).toHaveLength(1);
  });

  it('an order retries 5xx and dropped connections with the same idempotency key and identical body', async () => {
    rig = await clientRig(scripted({ status: 500 }, { drop: true }, { status: 429 }, okOrder));
    const body = { amount: '250.00', pair: 'btceur', idempotency_key: 'order-42' };
    expect(await rig.client.buy(TOKEN, 1, body)).toEqual({ transaction_id: 99 });
    expect(rig.stub.requests).toHaveLength(4);
    const bodies = rig.stub.requests.map((r) => r.bodyText);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toEqual(body);
  });

  it('withdraw and sell are retried with their key too', async () => {
    rig = await clientRig(scripted({ status: 503 }, okOrder));
    await rig.client.withdraw(TOKEN, 1, { amount: '10.00', bank_account_id: 3, idempotency_key: 'w-1' });
    await rig.client.sell(TOKEN, 1, { amount: '0.1', pair: 'btceur', idempotency_key: 's-1' });
    expect(rig.stub.requests.map((r) => (r.body as { idempotency_key: string }).idempotency_key)).toEqual(['w-1', 'w-1', 's-1']);
  });

  it('a 409 or 422 on the replay of an order surfaces as conflict', async () => {
    rig = await clientRig(
      scripted(
        { drop: true },
        { status: 422, body: { message: 'The idempotency key has already been used.', errors: { idempotency_key: ['used'] } } },
      ),
    );
    const error = await rig.client.buy(TOKEN, 1, { amount: '1.00', pair: 'btceur', idempotency_key: 'k' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'conflict', status: 422, endpoint: 'buy' });
    expect((error as Error).message).toContain('idempotency');
  });

  it("remembers across calls that an order may have been booked: the session's retry after a 401 is a replay", async () => {
    // Attempt 1 is dropped after the server booked it, attempt 2 meets a 401; the
    // session signs in again and calls anew — attempt 1 of a new call, still a replay.
    rig = await clientRig(
      scripted(
        { drop: true },
        { status: 401, body: { message: 'Unauthenticated.' } },
        { status: 409, body: { status: false, message: 'The idempotency key was already used for a different request.' } },
      ),
    );
    const body = { amount: '1.00', pair: 'btceur', idempotency_key: 'k-401' };
    await expect(rig.client.buy(TOKEN, 1, body)).rejects.toMatchObject({ kind: 'unauthenticated', replay: true });
    const error = await rig.client.buy(TOKEN, 1, body).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'conflict', status: 409, endpoint: 'buy', replay: true });
    expect((error as Error).message).toContain('first attempt may have gone through');
  });

  it('an order refused outright (4xx) is not remembered as possibly booked', async () => {
    rig = await clientRig(scripted({ status: 422, body: { message: 'Too small', errors: { amount: ['min 10'] } } }));
    const body = { amount: '1.00', pair: 'btceur', idempotency_key: 'k-small' };
    await expect(rig.client.buy(TOKEN, 1, body)).rejects.toMatchObject({ kind: 'validation', replay: false });
    await expect(rig.client.buy(TOKEN, 1, body)).rejects.toMatchObject({ kind: 'validation', replay: false });
    // Another key is a fresh order.
    await expect(rig.client.buy(TOKEN, 1, { ...body, idempotency_key: 'k-other' })).rejects.toMatchObject({ replay: false });
  });

  it('a 422 on the first attempt of an order stays validation', async () => {
    rig = await clientRig(scripted({ status: 422, body: { message: 'Too small', errors: { amount: ['min 10'] } } }));
    await expect(rig.client.withdraw(TOKEN, 1, { amount: '1.00', bank_account_id: 2, idempotency_key: 'k' })).rejects.toMatchObject({
      kind: 'validation',
      fieldErrors: { amount: ['min 10'] },
    });
  });

  it('create user is never repeated after a 5xx, a drop or a timeout', async () => {
    const user = { email: 'a@b.c', name: 'A', surname: 'B', phone: '1' };
    for (const answer of [{ status: 500 }, { drop: true }, { hang: true }] as StubResponse[]) {
      rig = await clientRig(scripted(answer, { status: 200, body: { status: true, data: { id: 6 } } }), { timeoutMs: 150 });
      await expect(rig.client.createUser(TOKEN, user)).rejects.toBeDefined();
      expect(rig.stub.requests).toHaveLength(1);
      expect(rig.sleeps).toEqual([]);
      await rig.stub.close();
      rig = undefined;
    }
  });

  it('bank account, KYC import, update, delete, logout and login are not repeated after a 5xx either', async () => {
    rig = await clientRig(scripted({ status: 503 }));
    const c = rig.client;
    await expect(c.addBankAccount(TOKEN, 1, { iban: 'DE89370400440532013000' })).rejects.toMatchObject({
      kind: 'server',
      safeToRetry: false,
    });
    await expect(c.importKyc(TOKEN, 1, { token: 't' })).rejects.toMatchObject({ kind: 'server' });
    await expect(c.updateUser(TOKEN, 1, { email: 'a@b.c', name: 'A', surname: 'B', phone: '1', status: 'active' })).rejects.toMatchObject({
      kind: 'server',
    });
    await expect(c.deleteBankAccount(TOKEN, 1, 2)).rejects.toMatchObject({ kind: 'server' });
    await expect(c.logout(TOKEN)).rejects.toMatchObject({ kind: 'server' });
    await expect(
      c.login({ email: 'a@b.c', password: 'p', client_id: 1, client_secret: 's', security_code: '123456' }),
    ).rejects.toMatchObject({ kind: 'server' });
    expect(rig.stub.requests).toHaveLength(6);
  });

  it('a POST without a key is repeated when the connection was refused before sending', async () => {
    let calls = 0;
    const fetchStub = (): Promise<Response> => {
      calls++;
      if (calls === 1) return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
      return Promise.resolve(new Response(JSON.stringify({ status: true, data: { id: 6 } }), { status: 200 }));
    };
    rig = await clientRig(() => ({}), { fetch: fetchStub });
    expect(await rig.client.createUser(TOKEN, { email: 'a@b.c', name: 'A', surname: 'B', phone: '1' })).toEqual({ id: 6 });
    expect(calls).toBe(2);
  });

  it('a keyed order that keeps failing stops after maxAttempts', async () => {
    rig = await clientRig(scripted({ status: 500 }), { retry: { maxAttempts: 5 } });
    await expect(rig.client.buy(TOKEN, 1, { amount: '1.00', pair: 'btceur', idempotency_key: 'k' })).rejects.toMatchObject({
      kind: 'server',
      safeToRetry: true,
    });
    expect(rig.stub.requests).toHaveLength(5);
    expect(rig.sleeps).toEqual([188, 375, 750, 1_500]);
  });
});
