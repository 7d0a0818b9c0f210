import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deskEventNames, deskMethodNames } from '../../shared/desk-api';
import { expect, test } from './support/fixtures';
import { skipWithReason } from './support/skip';

const OPEN_TARGET_BODY = 'reachable from any origin';

interface LocalServer {
  origin: string;
  close(): Promise<void>;
}

async function listenOnLoopback(handler: RequestListener): Promise<LocalServer> {
  const server = createServer(handler);
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

interface OpenTarget {
  /** Answers with `Access-Control-Allow-Origin: *`: CORS lets any page read it. */
  url: string;
  /** How many times `url` was fetched. */
  hits(): number;
  /** A page without any CSP, on an origin of its own. */
  controlPageUrl: string;
  close(): Promise<void>;
}

/** A loopback target any origin may fetch, so only a page's CSP can keep the page from it. */
async function startOpenTarget(): Promise<OpenTarget> {
  let hits = 0;
  const target = await listenOnLoopback((_request, response) => {
    hits += 1;
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
    response.end(OPEN_TARGET_BODY);
  });
  const control = await listenOnLoopback((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>no CSP</title>');
  });
  return {
    url: `${target.origin}/open`,
    hits: () => hits,
    controlPageUrl: `${control.origin}/`,
    close: async () => {
      await Promise.all([target.close(), control.close()]);
    },
  };
}

interface SandboxPartner {
  partner?: { password: string; client_secret: string; totp_secret: string };
}

test.describe('the trust boundary', () => {
  test('window.desk exposes exactly the contract and nothing of Node or Electron', async ({ desk }) => {
    const surface = await desk.page.evaluate(() => {
      const bridge = (window as unknown as { desk: Record<string, unknown> }).desk;
      const methods: string[] = [];
      for (const [area, value] of Object.entries(bridge)) {
        if (typeof value === 'function') methods.push(area);
        else for (const name of Object.keys(value as object)) methods.push(`${area}.${name}`);
      }
      const w = window as unknown as Record<string, unknown>;
      return {
        methods: methods.sort(),
        require: typeof w['require'],
        process: typeof w['process'],
        ipcRenderer: typeof w['ipcRenderer'],
        electron: typeof w['electron'],
      };
    });
    expect(surface.methods).toEqual([...deskMethodNames, 'on'].sort());
    expect(surface).toMatchObject({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', electron: 'undefined' });
    // Events other than the contract's are refused outright.
    const refused = await desk.page.evaluate(() => {
      try {
        (window as unknown as { desk: { on(name: string, fn: () => void): void } }).desk.on('not.an.event', () => undefined);
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
    expect(deskEventNames.length).toBeGreaterThan(0);
  });

  test('no secret of the demo account reaches the page', async ({ desk }) => {
    const { page } = desk;
    // The demo partner is deterministic for a seed: a second sandbox with the desk's seed tells the test its secrets.
    const { startSandbox } = await import('../../sandbox/server');
    const probe = await startSandbox({ port: 0, seed: desk.launch.seed });
    const secrets = probe.partner;
    await probe.close();
    await expect(page.getByRole('main')).toBeVisible();
    // Exercise the bridge's credential-related methods and collect everything they answer.
    const answers = await page.evaluate(async () => {
      const d = (window as unknown as { desk: Record<string, Record<string, (i: unknown) => Promise<unknown>>> }).desk;
      const out: unknown[] = [];
      out.push(await d['session']!['status']!({}));
      out.push(await d['profiles']!['list']!({}));
      out.push(await d['profiles']!['credentials']!({ profileId: 'local-sandbox' }));
      out.push(await d['settings']!['get']!({}));
      out.push(await d['audit']!['query']!({ filter: {}, limit: 100, offset: 0 }));
      return JSON.stringify(out);
    });
    const storage = await page.evaluate(() =>
      JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
    );
    const dom = await page.content();
    for (const secret of [secrets.password, secrets.client_secret, secrets.totp_secret]) {
      expect(answers).not.toContain(secret);
      expect(storage).not.toContain(secret);
      expect(dom).not.toContain(secret);
    }
    expect(answers).toContain('"password":true');
    const s = secrets as SandboxPartner['partner'];
    expect(s?.password.length).toBeGreaterThan(0);
  });

  test('the page cannot reach another origin', async ({ desk }) => {
    const { page } = desk;
    const startUrl = page.url();
    if (desk.electronApp) {
      // Electron: will-navigate is refused, so the page stays where it is.
      await page.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toBe(startUrl);
    }
    // The desk's own page, not an error page that carries no CSP.
    await expect(page.getByRole('main')).toBeVisible();
    // Both: the CSP refuses connections to other origins. The target invites every
    // origin in (CORS *), so nothing but the CSP stands between the page and it.
    const target = await startOpenTarget();
    try {
      const refused = await page.evaluate(async (url) => {
        const blockedUri = new Promise<string | null>((resolveBlocked) => {
          document.addEventListener('securitypolicyviolation', (event) => {
            if (event.effectiveDirective === 'connect-src') resolveBlocked(event.blockedURI);
          });
          setTimeout(() => resolveBlocked(null), 5_000);
        });
        const fetched = await fetch(url).then(
          (response) => response.text(),
          () => 'refused',
        );
        return { fetched, blockedUri: await blockedUri };
      }, target.url);
      expect(refused.fetched).toBe('refused');
      // The browser says it was connect-src that refused this very target.
      expect(refused.blockedUri).toBe(target.url);
      expect(target.hits()).toBe(0);
      if (!desk.electronApp) {
        // The same fetch from a page of another origin without that CSP gets through:
        // the refusal above is the CSP's, not CORS's or the network's. (Electron puts
        // the CSP on every response of the desk's session, so it has no such page.)
        const control = await page.context().newPage();
        await control.goto(target.controlPageUrl);
        const fetched = await control.evaluate(async (url) => (await fetch(url)).text(), target.url);
        await control.close();
        expect(fetched).toBe(OPEN_TARGET_BODY);
        expect(target.hits()).toBe(1);
      }
    } finally {
      await target.close();
    }
  });
});

test.describe('the browser harness', () => {
  test('refuses requests without the token or with a foreign Host or Origin', async ({ desk }) => {
    skipWithReason(
      desk.harnessOrigin === null,
      "it checks the browser harness's token, Host and Origin checks; the electron project starts no harness (tests/e2e/support/fixtures.ts launches the app directly)",
    );
    const origin = desk.harnessOrigin!;
    const body = JSON.stringify({});
    const call = (headers: Record<string, string>) =>
      fetch(`${origin}/bridge/${encodeURIComponent('desk:session.status')}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
    const token = new URL(desk.harnessUrl!).searchParams.get('token')!;

    expect((await call({})).status).toBe(401);
    expect((await call({ 'X-Desk-Token': 'wrong' })).status).toBe(401);
    const good = await call({ 'X-Desk-Token': token });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ ok: true });
    expect((await call({ 'X-Desk-Token': token, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await fetch(`${origin}/`)).status).toBe(401);
    // A foreign Host header (DNS rebinding) is refused even with the token.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolveStatus, reject) => {
      const req = request(`${origin}/?token=${token}`, { headers: { Host: 'evil.example' } }, (res) => resolveStatus(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    // No CORS: nothing invites another origin in.
    expect(good.headers.get('access-control-allow-origin')).toBeNull();
  });
});
