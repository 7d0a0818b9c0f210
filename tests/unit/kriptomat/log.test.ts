import { afterEach, describe, expect, it } from 'vitest';
import { createKriptomatClient } from '../../../main/kriptomat/client';
import { redact, redactPath, redactText } from '../../../main/log';
import { captureLog } from '../../support/log-capture';
import { startStubServer, type StubServer } from '../../support/stub-server';

const SECRETS = {
  password: 'Hunter2-Password!',
  client_secret: '478bGciOiJSUzI1NiIsImp0aSI6IjE4ODUz291',
  security_code: '478291',
  token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImp0aSI6IjE4ODUzNjM2MjA',
};

describe('redaction', () => {
  it('drops values under secret keys, however deep', () => {
    expect(
      redact({
        email: 'a@b.c',
        password: 'x',
        nested: { client_secret: 'y', list: [{ access_token: 'z', totp_secret: 'w' }] },
        Authorization: 'Bearer q',
      }),
    ).toEqual({
      email: 'a@b.c',
      password: '[redacted]',
      nested: { client_secret: '[redacted]', list: [{ access_token: '[redacted]', totp_secret: '[redacted]' }] },
      Authorization: '[redacted]',
    });
  });

  it('scrubs bearer tokens, JWT-looking strings and key=value secrets from text', () => {
    const text = redactText(
      `Bearer ${SECRETS.token} then ${SECRETS.token} and "password":"${SECRETS.password}" client_secret=${SECRETS.client_secret}&security_code=478291`,
    );
    expect(text).not.toContain(SECRETS.token);
    expect(text).not.toContain(SECRETS.password);
    expect(text).not.toContain(SECRETS.client_secret);
    expect(text).not.toContain('478291');
  });

  it('scrubs user info from URLs in text', () => {
    const text = redactText('add environment "x" at https://operator:Hunter2pass@evil.example/v1');
    expect(text).not.toContain('Hunter2pass');
    expect(text).not.toContain('operator');
    expect(text).toContain('evil.example/v1');
  });

  it('redacts secret query parameters but keeps the rest of a path', () => {
    expect(redactPath('/v1/users-transactions?page=2')).toBe('/v1/users-transactions?page=2');
    expect(redactPath('/v1/x?token=abc&page=1')).toBe('/v1/x?token=%5Bredacted%5D&page=1');
  });

  it('copes with cycles and errors', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ a: 1, self: '[…]' });
    expect(redact(new Error(`failed with Bearer ${SECRETS.token}`))).toEqual({ name: 'Error', message: 'failed with Bearer [redacted]' });
  });
});

describe('request logs', () => {
  let stub: StubServer | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('a login and an authorized call log method, path, status and time — never a credential', async () => {
    stub = await startStubServer((req) =>
      req.path.endsWith('/auth/login')
        ? { status: 200, body: { access_token: SECRETS.token, expires_in: 3600 } }
        : { status: 401, body: { message: `Unauthenticated. ${SECRETS.token}` } },
    );
    const captured = captureLog();
    const client = createKriptomatClient({ baseUrl: `${stub.origin}/v1`, logger: captured.logger });
    const { access_token } = await client.login({
      email: 'op@desk.test',
      password: SECRETS.password,
      client_id: 5,
      client_secret: SECRETS.client_secret,
      security_code: SECRETS.security_code,
    });
    expect(access_token).toBe(SECRETS.token);
    await expect(client.userBalance(access_token, 3, 'btc')).rejects.toMatchObject({ kind: 'unauthenticated' });

    const text = captured.text();
    expect(captured.lines).toHaveLength(2);
    expect(captured.lines[0]).toMatch(/INFO POST \/v1\/auth\/login 200 \d+ms$/);
    expect(captured.lines[1]).toMatch(/WARN GET \/v1\/users\/3\/balances\?currency_code=btc 401 \d+ms$/);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});
