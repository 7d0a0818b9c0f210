import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeskEventBus } from '../../../main/events';
import type { Dispatch } from '../../../main/ipc';
import { startHarness, type RunningHarness } from '../../../web/server/harness';

const calls: Array<{ name: string; input: unknown }> = [];
const dispatch: Dispatch = async (name, input) => {
  calls.push({ name, input });
  return { ok: true, value: { echoed: name } };
};

let harness: RunningHarness;
const events = new DeskEventBus();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'renderer', 'index.html'),
    '<html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>',
  );
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(dir, 'preload.js'), 'window.x = 1');
  harness = await startHarness({
    dispatch,
    events,
    rendererDir: join(dir, 'renderer'),
    preloadFile: join(dir, 'preload.js'),
    token: 'test-token',
  });
});
afterAll(async () => {
  await harness.close();
});

function raw(
  path: string,
  headers: Record<string, string>,
  init: { method?: string; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: harness.port, path, headers, method: init.method ?? 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

interface RawExchange {
  /** Everything the server sent back. */
  answer: string;
  /** The client socket's error (a reset, say), if it had one. */
  error: string | undefined;
}

/** Writes bytes as they are on a bare socket: no client library to tidy a malformed request line. */
function exchange(...parts: Array<string | Buffer>): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(harness.port, '127.0.0.1');
    let answer = '';
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ answer, error }));
    for (const part of parts) socket.write(part);
    socket.end();
  });
}

function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 0);
}

function headerOf(answer: string, name: string): string | undefined {
  const head = answer.split('\r\n\r\n')[0] ?? '';
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

function bridgePost(path: string, body: string | Buffer, type = 'application/json'): Promise<Response> {
  return fetch(`${harness.origin}${path}`, { method: 'POST', headers: { 'Content-Type': type, 'X-Desk-Token': 'test-token' }, body });
}

describe('browser harness', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints a loopback URL carrying its token', () => {
    expect(harness.url).toBe(`http://127.0.0.1:${harness.port}/?token=test-token`);
  });

  it('trades the token in the query for an HttpOnly cookie and serves the page with CSP and the preload first', async () => {
    const first = await fetch(harness.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^desk_token_${harness.port}=test-token;`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await fetch(`${harness.origin}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    const html = await page.text();
    expect(html.indexOf('/preload.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/preload.js')).toBeLessThan(html.indexOf('./assets/app.js') + 10_000);
  });

  it('serves the preload bundle from its own path', async () => {
    const response = await fetch(`${harness.origin}/preload.js`, { headers: { 'X-Desk-Token': 'test-token' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(await response.text()).toBe('window.x = 1');
  });

  it('refuses every request without the token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/preload.js', '/events']) {
      expect((await fetch(`${harness.origin}${path}`)).status, path).toBe(401);
    }
    const bridge = await fetch(`${harness.origin}/bridge/desk%3Asession.status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(bridge.status).toBe(401);
    // Another desk's cookie (another port) is not this desk's token.
    expect((await fetch(`${harness.origin}/`, { headers: { Cookie: 'desk_token_1=test-token' } })).status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('refuses a foreign Host or Origin even with the token', async () => {
    expect((await raw('/?token=test-token', { Host: 'evil.example' })).status).toBe(403);
    expect(
      (await raw('/', { Host: `127.0.0.1:${harness.port}`, Origin: 'http://evil.example', 'X-Desk-Token': 'test-token' })).status,
    ).toBe(403);
    expect((await raw('/', { Host: `localhost:${harness.port}`, 'X-Desk-Token': 'test-token' })).status).toBe(200);
  });

  it('dispatches bridge calls by method name and answers JSON, with no CORS headers', async () => {
    const response = await fetch(`${harness.origin}/bridge/desk%3Ausers.open`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Desk-Token': 'test-token' },
      body: JSON.stringify({ userId: 3 }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, value: { echoed: 'users.open' } });
    expect(calls.at(-1)).toEqual({ name: 'users.open', input: { userId: 3 } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses malformed bridge calls with a clear 4xx', async () => {
    const post = (path: string, body: string, type = 'application/json') =>
      fetch(`${harness.origin}${path}`, { method: 'POST', headers: { 'Content-Type': type, 'X-Desk-Token': 'test-token' }, body });
    expect((await post('/bridge/desk%3Ausers.open', '{not json')).status).toBe(400);
    expect((await post('/bridge/desk%3Ausers.open', '{}', 'text/plain')).status).toBe(415);
    expect((await post('/bridge/other%3Athing', '{}')).status).toBe(404);
    expect((await post('/bridge/desk%3Ausers.open', JSON.stringify({ pad: 'x'.repeat(1_100_000) }))).status).toBe(413);
    const get = await fetch(`${harness.origin}/bridge/desk%3Ausers.open`, { headers: { 'X-Desk-Token': 'test-token' } });
    expect(get.status).toBe(405);
  });

  it('refuses a bridge name that is not valid percent-encoding with a 400 and a JSON message, logging nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = calls.length;
    for (const path of ['/bridge/desk:%ZZ', '/bridge/%', '/bridge/desk%3A%E0%A4%A']) {
      const headers = { Host: `127.0.0.1:${harness.port}`, 'X-Desk-Token': 'test-token', 'Content-Type': 'application/json' };
      const response = await raw(path, headers, { method: 'POST', body: '{}' });
      expect(response.status, path).toBe(400);
      expect(response.headers['content-type'], path).toContain('application/json');
      expect(JSON.parse(response.body), path).toMatchObject({
        ok: false,
        error: { kind: 'invalid_input', message: expect.stringMatching(/method name/) },
      });
    }
    expect(calls).toHaveLength(before);
    expect(logged).not.toHaveBeenCalled();
  });

  it('refuses a request target it cannot parse with a 400, before the token, logging nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const target of ['http://[', 'http://a:b:c/', `http://127.0.0.1:${harness.port}/?token=test-token`, '*']) {
      const { answer } = await exchange(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${harness.port}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), target).toBe(400);
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it('redirects the token to a path on this origin, never to //another-host', async () => {
    for (const path of [
      '/.//evil.example/',
      '//evil.example/',
      '/%2e//evil.example/',
      '/..//evil.example/x',
      '/\\/evil.example/',
      '/./\\evil.example/',
    ]) {
      const { answer } = await exchange(
        `GET ${path}?token=test-token&a=1 HTTP/1.1\r\nHost: 127.0.0.1:${harness.port}\r\nConnection: close\r\n\r\n`,
      );
      expect(statusOf(answer), path).toBe(303);
      const location = headerOf(answer, 'location') ?? '';
      expect(location, path).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, harness.origin).origin, path).toBe(harness.origin);
      expect(location, path).toMatch(/\?a=1$/);
    }
  });

  it('takes exactly application/json as the bridge media type, parameters and case aside', async () => {
    for (const type of ['application/jsonp', 'application/json-seq', 'application/jsonx; charset=utf-8', 'text/plain; application/json']) {
      expect((await bridgePost('/bridge/desk%3Ausers.open', '{}', type)).status, type).toBe(415);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', ' Application/JSON ;charset=UTF-8']) {
      expect((await bridgePost('/bridge/desk%3Ausers.open', '{}', type)).status, type).toBe(200);
    }
  });

  it('answers a 10 MB body with a 413 the client reads, every time', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    for (let i = 0; i < 10; i += 1) {
      const response = await bridgePost('/bridge/desk%3Ausers.open', big);
      expect(response.status, `fetch #${i}`).toBe(413);
      expect(await response.text()).toBe('Body too large.');
    }
  });

  it('lets the client finish sending an oversized body instead of resetting the connection under it', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    for (let i = 0; i < 10; i += 1) {
      const { answer, error } = await exchange(
        `POST /bridge/desk%3Ausers.open HTTP/1.1\r\nHost: 127.0.0.1:${harness.port}\r\nX-Desk-Token: test-token\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`,
        big,
      );
      // A reset (ECONNRESET, EPIPE) is what loses the answer on a busy or non-Linux client.
      expect(error, `socket #${i}`).toBeUndefined();
      expect(statusOf(answer), `socket #${i}`).toBe(413);
      expect(headerOf(answer, 'connection'), `socket #${i}`).toBe('close');
    }
  });

  it('never serves files outside the renderer directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt']) {
      const response = await raw(path, { Host: `127.0.0.1:${harness.port}`, 'X-Desk-Token': 'test-token' });
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('outside the renderer');
    }
  });

  it('streams events to the page as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${harness.origin}/events`, { headers: { 'X-Desk-Token': 'test-token' }, signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    await reader.read(); // ": connected"
    events.emit('session.totpNeeded', { profileId: 'staging', reason: 'expiring' });
    const { value } = await reader.read();
    const frame = new TextDecoder().decode(value);
    expect(JSON.parse(frame.replace(/^data: /, '').trim())).toEqual({
      channel: 'desk:event',
      name: 'session.totpNeeded',
      payload: { profileId: 'staging', reason: 'expiring' },
    });
    controller.abort();
  });

  it('refuses to bind anything but loopback', async () => {
    await expect(startHarness({ dispatch, events, rendererDir: '/tmp', preloadFile: '/tmp/x', host: '0.0.0.0' })).rejects.toThrow(
      /loopback/,
    );
  });
});
