import { afterEach, describe, expect, it } from 'vitest';
import { clientRig, TOKEN, type ClientRig } from './helpers';

describe('request headers and bodies', () => {
  let rig: ClientRig | undefined;
  afterEach(async () => {
    await rig?.stub.close();
    rig = undefined;
  });

  it('login sends the credentials as JSON without an Authorization header', async () => {
    rig = await clientRig(() => ({ status: 200, body: { access_token: 'new-token', expires_in: 3600 } }));
    const result = await rig.client.login({ email: 'a@b.c', password: 'pw', client_id: 5, client_secret: 'cs', security_code: '478291' });
    expect(result).toEqual({ access_token: 'new-token', expires_in: 3600 });
    const [request] = rig.stub.requests;
    expect(request!.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.body).toEqual({ email: 'a@b.c', password: 'pw', client_id: 5, client_secret: 'cs', security_code: '478291' });
  });

  it('a GET carries the bearer token and no Content-Type', async () => {
    rig = await clientRig(() => ({ status: 200, body: { status: true, data: ['btceur', 'etheur'] } }));
    expect(await rig.client.pairs(TOKEN)).toEqual(['btceur', 'etheur']);
    const [request] = rig.stub.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.headers['content-type']).toBeUndefined();
    expect(request!.bodyText).toBe('');
  });

  it('sends only the schema fields of a body, amounts as strings', async () => {
    rig = await clientRig(() => ({ status: 200, body: { status: true, data: { transaction_id: 12 } } }));
    const body = { amount: '250.00', pair: 'btceur', idempotency_key: 'key-1', extra: 'dropped' };
    expect(await rig.client.buy(TOKEN, 1, body)).toEqual({ transaction_id: 12 });
    expect(rig.stub.requests[0]!.body).toEqual({ amount: '250.00', pair: 'btceur', idempotency_key: 'key-1' });
  });

  it('refuses an invalid body locally with field messages', async () => {
    rig = await clientRig(() => ({ status: 200, body: { status: true } }));
    const error = await rig.client
      .buy(TOKEN, 1, { amount: 250 as unknown as string, pair: 'btceur', idempotency_key: '' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'client', endpoint: 'buy' });
    expect(Object.keys((error as { fieldErrors: object }).fieldErrors).sort()).toEqual(['amount', 'idempotency_key']);
    expect(rig.stub.requests).toHaveLength(0);
  });

  it('accepts an empty 2xx as the acknowledgement of logout and delete', async () => {
    rig = await clientRig(() => ({ status: 204 }));
    await expect(rig.client.logout(TOKEN)).resolves.toBeUndefined();
    await expect(rig.client.deleteBankAccount(TOKEN, 1, 2)).resolves.toBeUndefined();
  });
});
