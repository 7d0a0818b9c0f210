// Bad requests get a clear 4xx and never crash the server or change its state.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { call, dump, login, start, type Dump } from './helpers';

/** A raw request, for paths fetch would normalise and headers it would fix. */
function raw(
  sb: RunningSandbox,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sb.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('HTTP hygiene', () => {
  let sb: RunningSandbox;
  let token: string;
  let before: Dump;
  beforeAll(async () => {
    sb = await start();
    token = await login(sb);
    before = await dump(sb);
  });
  afterAll(async () => {
    await sb.close();
  });

  it('answers only requests addressed to loopback (no DNS rebinding of the control endpoints)', async () => {
    const foreign = await raw(
      sb,
      'POST',
      '/__sandbox/clock',
      { Host: `evil.example:${sb.port}`, 'Content-Type': 'application/json' },
      '{"advance_seconds":100000}',
    );
    expect(foreign.status).toBe(421);
    expect((await raw(sb, 'GET', '/v1/pairs', { Host: 'rebind.evil.example' })).status).toBe(421);
    for (const host of [`127.0.0.1:${sb.port}`, `localhost:${sb.port}`, `[::1]:${sb.port}`]) {
      expect((await raw(sb, 'GET', '/__sandbox/faults', { Host: host })).status, host).toBe(200);
    }
  });

  it('malformed JSON → 400 with a message', async () => {
    const res = await call(sb, 'users/1/buy', { token, raw: '{"amount": "10.00",', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe(false);
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('a JSON body that is not an object → 400', async () => {
    for (const text of ['[1,2]', '"x"', 'null', '42']) {
      const res = await call(sb, 'users', { token, raw: text, contentType: 'application/json' });
      expect(res.status, text).toBe(400);
      expect(res.body.message).toMatch(/JSON object/);
    }
  });

  it('a body with the wrong content type → 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await call(sb, 'users/1/buy', { token, raw: 'amount=10.00&pair=btceur', contentType: type });
      expect(res.status).toBe(415);
      expect(res.body.message).toMatch(/application\/json/);
    }
  });

  it('a body over 64 KiB → 413', async () => {
    const big = JSON.stringify({ email: 'a@b.co', name: 'x'.repeat(70 * 1024), surname: 'y', phone: '+38640000000' });
    const res = await raw(
      sb,
      'POST',
      '/v1/users',
      { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': String(Buffer.byteLength(big)) },
      big,
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).message).toMatch(/larger than 65536 bytes/);
    // Also when the client does not announce the length (chunked).
    const chunked = await raw(
      sb,
      'POST',
      '/v1/users',
      { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
      big,
    );
    expect(chunked.status).toBe(413);
  });

  describe('a 10 MB body → 413 that the client gets to read (never a connection reset)', () => {
    const tenMb = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const tooLarge = { status: false, message: 'The request body is larger than 65536 bytes.' };

    it('fetch, ten times', async () => {
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${sb.origin}/v1/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: tenMb,
        });
        expect(res.status, `attempt ${i}`).toBe(413);
        expect(res.headers.get('connection')).toBe('close');
        expect(await res.json()).toEqual(tooLarge);
      }
    });

    it.each([
      ['with Content-Length', { 'content-length': String(tenMb.length) }],
      ['chunked', { 'transfer-encoding': 'chunked' }],
    ])('node:http %s, ten times', async (_label, framing) => {
      for (let i = 0; i < 10; i++) {
        const res = await raw(
          sb,
          'POST',
          '/v1/users',
          { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...framing },
          tenMb,
        );
        expect(res.status, `attempt ${i}`).toBe(413);
        expect(JSON.parse(res.text)).toEqual(tooLarge);
      }
    });

    it('a refused body that then turns out garbled gets the 413 only, not a second answer', async () => {
      const { connect } = await import('node:net');
      const text = await new Promise<string>((resolve, reject) => {
        const socket = connect(sb.port, '127.0.0.1');
        let got = '';
        socket.on('data', (d: Buffer) => (got += d.toString()));
        socket.on('end', () => resolve(got));
        socket.on('error', reject);
        const chunk = 'x'.repeat(70 * 1024);
        socket.write(
          `POST /v1/users HTTP/1.1\r\nHost: 127.0.0.1:${sb.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
        );
        socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        // Once the 413 is out, send something that is not a chunk.
        socket.once('data', () => socket.write('not a chunk\r\n\r\n'));
      });
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
      expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual(tooLarge);
    });

    it('a client that sends its whole body before it reads the answer', async () => {
      const { connect } = await import('node:net');
      const exchange = (): Promise<string> =>
        new Promise((resolve, reject) => {
          const socket = connect(sb.port, '127.0.0.1');
          socket.pause(); // read nothing until the body is out, as a simple blocking client would
          let got = '';
          socket.on('data', (d: Buffer) => (got += d.toString()));
          socket.on('end', () => resolve(got));
          socket.on('error', reject);
          socket.write(
            `POST /v1/users HTTP/1.1\r\nHost: 127.0.0.1:${sb.port}\r\nContent-Type: application/json\r\nContent-Length: ${tenMb.length}\r\n\r\n`,
          );
          socket.write(tenMb, () => socket.resume());
        });
      for (let i = 0; i < 3; i++) {
        const text = await exchange();
        expect(text, `attempt ${i}`).toMatch(/^HTTP\/1\.1 413 /);
        expect(text).toMatch(/\r\nconnection: close\r\n/i);
        expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual(tooLarge);
      }
    });
  });

  it.each([
    '/v1/../__sandbox/state',
    '/v1/users/1/../2',
    '/v1/users/%2e%2e/2',
    '/v1/users%2F1',
    '/v1//users/1',
    '/v1/users/1%00',
    '/v1/users/\\1',
  ])('path trick %s → 400', async (path) => {
    const res = await raw(sb, 'GET', path, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ status: false, message: 'Bad request path.' });
  });

  it('unknown routes → 404 {status:false}', async () => {
    for (const path of ['/', '/v2/pairs', '/v1/nope', '/api/v1/pairs', '/__sandbox/nope', '/v1/users/1/bank-accounts/1/extra']) {
      const res = await call(sb, path, { token });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ status: false, message: 'Not found.' });
    }
  });

  it('a known path with the wrong method → 405 with Allow', async () => {
    const res = await call(sb, 'pairs', { method: 'POST', token, body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    const users = await call(sb, 'users/1', { method: 'DELETE', token });
    expect(users.status).toBe(405);
    expect(users.headers.get('allow')).toBe('PUT, GET');
  });

  it('a garbled request line gets a 400 and the server keeps serving', async () => {
    const { connect } = await import('node:net');
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(sb.port, '127.0.0.1', () => socket.write('GARBAGE \x00\x01 nonsense\r\n\r\n'));
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect((await call(sb, 'pairs', { token })).status).toBe(200);
  });

  it('none of this changed the state', async () => {
    const after = await dump(sb);
    expect(after.transactions).toEqual(before.transactions);
    expect(after.users).toEqual(before.users);
  });

  it('every response, errors included, carries a Date header from the sandbox clock', async () => {
    await call(sb, '/__sandbox/clock', { body: { set_ms: Date.UTC(2030, 0, 2, 3, 4, 5) } });
    for (const res of [await call(sb, 'pairs', { token: 'bad' }), await call(sb, '/nope'), await call(sb, '/__sandbox/state')]) {
      const date = res.headers.get('date') ?? '';
      expect(date.startsWith('Wed, 02 Jan 2030 03:04:0')).toBe(true);
    }
  });

  it('validates the clock control', async () => {
    for (const body of [{}, { advance_seconds: 'x' }, { set_ms: -5 }, { advance_seconds: 1, set_ms: 1 }, { when: 1 }]) {
      expect((await call(sb, '/__sandbox/clock', { body })).status, JSON.stringify(body)).toBe(422);
    }
  });

  it('refuses to move the clock past what a Date can hold (was a 500, with the clock already moved)', async () => {
    const before = (await call(sb, '/__sandbox/clock')).body.offset_ms as number;
    for (const body of [{ set_ms: Number.MAX_SAFE_INTEGER }, { set_ms: 8_640_000_000_000_001 }, { set_ms: Date.UTC(10_000, 0, 1) }]) {
      const res = await call(sb, '/__sandbox/clock', { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['set_ms']);
    }
    // Ten-year steps are each allowed, but not past the limit.
    expect((await call(sb, '/__sandbox/clock', { body: { set_ms: Date.UTC(9995, 0, 1) } })).status).toBe(200);
    const far = await call(sb, '/__sandbox/clock', { body: { advance_seconds: 10 * 365 * 86400 } });
    expect(far.status).toBe(422);
    expect(Object.keys(far.body.errors)).toEqual(['advance_seconds']);
    expect((await call(sb, '/__sandbox/clock')).body.date).toMatch(/^9995-01-01T/);
    expect((await call(sb, '/__sandbox/clock', { body: { set_ms: Date.now() + before } })).status).toBe(200);
    expect((await call(sb, '/__sandbox/state')).status).toBe(200);
  });
});
