import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  writeFileSync(join(dir, 'renderer', 'index.html'), '<html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>');
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(dir, 'preload.js'), 'window.x = 1');
  harness = await startHarness({ dispatch, events, rendererDir: join(dir, 'renderer'), preloadFile: join(dir, 'preload.js'), token: 'test-token' });
});
afterAll(async () => {
  await harness.close();
});

function raw(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: harness.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser harness', () => {
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
    const bridge = await fetch(`${harness.origin}/bridge/desk%3Asession.status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(bridge.status).toBe(401);
    // Another desk's cookie (another port) is not this desk's token.
    expect((await fetch(`${harness.origin}/`, { headers: { Cookie: 'desk_token_1=test-token' } })).status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('refuses a foreign Host or Origin even with the token', async () => {
    expect((await raw('/?token=test-token', { Host: 'evil.example' })).status).toBe(403);
    expect((await raw('/', { Host: `127.0.0.1:${harness.port}`, Origin: 'http://evil.example', 'X-Desk-Token': 'test-token' })).status).toBe(403);
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
    await expect(startHarness({ dispatch, events, rendererDir: '/tmp', preloadFile: '/tmp/x', host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
