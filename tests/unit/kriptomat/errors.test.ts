import { afterEach, describe, expect, it } from 'vitest';
import { KriptomatError, parseErrorBody } from '../../../main/kriptomat/errors';
import type { StubResponse } from '../../support/stub-server';
import { clientRig, TOKEN, type ClientRig } from './helpers';

describe('parseErrorBody', () => {
  it('reads every error body of the Gaps table', () => {
    expect(parseErrorBody('{"message":"Unauthenticated."}')).toEqual({ message: 'Unauthenticated.' });
    expect(
      parseErrorBody('{"message":"The given data was invalid.","errors":{"iban":["The iban is invalid."],"amount":"Too small"}}'),
    ).toEqual({
      message: 'The given data was invalid.',
      fieldErrors: { iban: ['The iban is invalid.'], amount: ['Too small'] },
    });
    expect(parseErrorBody('{"status":false,"message":"User not found"}')).toEqual({ message: 'User not found' });
    expect(parseErrorBody('<html><body>502 Bad Gateway</body></html>')).toEqual({});
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody('[1,2]')).toEqual({});
    expect(parseErrorBody('{"error":"boom"}')).toEqual({ message: 'boom' });
  });

  it('never passes a token through from an error body', () => {
    const parsed = parseErrorBody('{"message":"bad token Bearer abc.def.ghi"}');
    expect(parsed.message).not.toContain('abc.def.ghi');
  });
});

describe('error kinds from the stub', () => {
  let rig: ClientRig | undefined;
  afterEach(async () => {
    await rig?.stub.close();
    rig = undefined;
  });

  const run = async (
    answer: StubResponse,
    call: (r: ClientRig) => Promise<unknown> = (r) => r.client.showUser(TOKEN, 7),
  ): Promise<KriptomatError> => {
    rig = await clientRig(() => answer, { retry: { maxAttempts: 1 } });
    const error = await call(rig).then(
      () => {
        throw new Error('expected a rejection');
      },
      (e: unknown) => e,
    );
    await rig.stub.close();
    rig = undefined;
    expect(error).toBeInstanceOf(KriptomatError);
    return error as KriptomatError;
  };

  it('401 Laravel body → unauthenticated', async () => {
    const e = await run({ status: 401, body: { message: 'Unauthenticated.' } });
    expect(e).toMatchObject({ kind: 'unauthenticated', status: 401, endpoint: 'showUser', serverMessage: 'Unauthenticated.' });
    expect(e.message).toContain('Unauthenticated.');
  });

  it('422 with field errors → validation with fieldErrors', async () => {
    const e = await run(
      { status: 422, body: { message: 'The given data was invalid.', errors: { iban: ['The iban format is invalid.'] } } },
      (r) => r.client.addBankAccount(TOKEN, 7, { iban: 'XX00' }),
    );
    expect(e).toMatchObject({ kind: 'validation', status: 422, endpoint: 'addBankAccount' });
    expect(e.fieldErrors).toEqual({ iban: ['The iban format is invalid.'] });
  });

  it('404 with {"status":false,"message"} → not_found with the message', async () => {
    const e = await run({ status: 404, body: { status: false, message: 'User not found.' } });
    expect(e).toMatchObject({ kind: 'not_found', status: 404 });
    expect(e.message).toContain('User not found.');
  });

  it('403 → forbidden, 409 → conflict, 418 → client', async () => {
    expect((await run({ status: 403, body: { status: false, message: 'No.' } })).kind).toBe('forbidden');
    expect((await run({ status: 409, body: { status: false, message: 'Key reused.' } })).kind).toBe('conflict');
    expect((await run({ status: 418, body: 'teapot' })).kind).toBe('client');
  });

  it('429 → rate_limited with retryAfterSeconds', async () => {
    const e = await run({ status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'Retry-After': '7' } });
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterSeconds: 7 });
    expect(e.message).toContain('7 s');
  });

  it('429 without Retry-After → rate_limited without a wait', async () => {
    const e = await run({ status: 429 });
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfterSeconds).toBeUndefined();
  });

  it('5xx with a non-JSON page or no body → server', async () => {
    const html = await run({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } });
    expect(html).toMatchObject({ kind: 'server', status: 502 });
    expect(html.message).toContain('502');
    expect((await run({ status: 500 })).kind).toBe('server');
  });

  it('200 with {"status": false} is an error with the service message', async () => {
    const e = await run({ status: 200, body: { status: false, message: 'Insufficient funds' } }, (r) =>
      r.client.buy(TOKEN, 7, { amount: '1.00', pair: 'btceur', idempotency_key: 'k' }),
    );
    expect(e).toMatchObject({ kind: 'client', status: 200, endpoint: 'buy' });
    expect(e.message).toContain('Insufficient funds');
  });

  it('a 2xx that is not JSON, or empty where data is expected → bad_response', async () => {
    expect((await run({ status: 200, body: '<html>login page</html>' })).kind).toBe('bad_response');
    const empty = await run({ status: 200 });
    expect(empty.kind).toBe('bad_response');
    expect(empty.message).toContain('empty');
  });

  it('a redirect is not followed (a POST must not turn into a GET)', async () => {
    const e = await run({ status: 302, headers: { Location: '/elsewhere' } }, (r) =>
      r.client.createUser(TOKEN, { email: 'a@b.c', name: 'A', surname: 'B', phone: '1' }),
    );
    expect(e).toMatchObject({ kind: 'bad_response', status: 302 });
  });

  it('a connection dropped mid-request → network', async () => {
    const e = await run({ drop: true });
    expect(e.kind).toBe('network');
  });

  it('connection refused → network', async () => {
    rig = await clientRig(() => ({ status: 200 }), { retry: { maxAttempts: 1 } });
    const { origin } = rig.stub;
    await rig.stub.close();
    rig = undefined;
    const { createKriptomatClient } = await import('../../../main/kriptomat/client');
    const { silentLogger } = await import('../../../main/log');
    const client = createKriptomatClient({ baseUrl: `${origin}/v1`, logger: silentLogger, retry: { maxAttempts: 1 } });
    await expect(client.pairs(TOKEN)).rejects.toMatchObject({ kind: 'network', endpoint: 'pairs' });
  });

  it('no answer within the timeout → timeout', async () => {
    rig = await clientRig(() => ({ hang: true }), { timeoutMs: 100, retry: { maxAttempts: 1 } });
    const started = Date.now();
    await expect(rig.client.pairs(TOKEN)).rejects.toMatchObject({ kind: 'timeout', endpoint: 'pairs' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a schema mismatch names the endpoint and the field path', async () => {
    const e = await run(
      {
        status: 200,
        body: {
          status: true,
          data: {
            transactions: [
              {
                id: 1,
                user_id: 2,
                type: 'buy',
                amount: 'lots',
                pair: null,
                price: null,
                date: 'd',
                state: 's',
                fee: 0,
                subtotal: 0,
                total: 0,
              },
            ],
          },
        },
      },
      (r) => r.client.allTransactions(TOKEN, 1),
    );
    expect(e.kind).toBe('bad_response');
    expect(e.endpoint).toBe('allTransactions');
    expect(e.message).toContain('allTransactions');
    expect(e.message).toContain('data.transactions.0.amount');
  });
});
