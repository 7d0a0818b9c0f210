import { deskEventNames, deskMethodNames } from '../../shared/desk-api';
import { expect, test } from './support/fixtures';

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
      return { methods: methods.sort(), require: typeof w['require'], process: typeof w['process'], ipcRenderer: typeof w['ipcRenderer'], electron: typeof w['electron'] };
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
    const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
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
    // Both: the CSP refuses connections and frames to other origins.
    const blocked = await page.evaluate(async (target) => {
      try {
        await fetch(target);
        return false;
      } catch {
        return true;
      }
    }, `${desk.launch.sandboxOrigin}/v1/pairs`);
    expect(blocked).toBe(true);
  });
});

test.describe('the browser harness', () => {
  test('refuses requests without the token or with a foreign Host or Origin', async ({ desk }) => {
    test.skip(desk.harnessOrigin === null, 'the harness is only used by the browser project');
    const origin = desk.harnessOrigin!;
    const body = JSON.stringify({});
    const call = (headers: Record<string, string>) =>
      fetch(`${origin}/bridge/${encodeURIComponent('desk:session.status')}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
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
