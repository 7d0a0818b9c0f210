// createDesk end to end: the first start signs in to the Local sandbox without any
// typing, profiles and credentials behave, settings persist, market data flows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createDesk } from '../../../main/desk/desk';
import { toDeskError } from '../../../main/errors';
import { silentLogger } from '../../../main/log';
import type { DeskHarness } from './harness';
import { eventually, freshNamespace, startDesk, tempDir } from './harness';

describe('createDesk', () => {
  let h: DeskHarness;
  beforeAll(async () => {
    h = await startDesk({ internals: { tuning: { concurrency: 4 } } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('signs in to the Local sandbox on first start with no typing', async () => {
    const session = await h.call('session.status', {});
    expect(session).toMatchObject({
      profileId: 'local-sandbox',
      profileKind: 'sandbox',
      state: 'active',
      logins: 1,
      needsTotp: false,
      error: null,
    });
    expect(session.expiresAtMs).toBeGreaterThan(Date.now());
    expect(h.eventsNamed('session.changed').map((s) => s.state)).toContain('active');
    const audit = await h.call('audit.query', { filter: { action: 'login' }, limit: 10, offset: 0 });
    expect(audit.rows[0]).toMatchObject({ action: 'login', outcome: 'ok', profileId: 'local-sandbox' });
    expect(audit.rows[0]?.osUser).not.toBe('');
  });

  it('reports which credentials are stored, never their values', async () => {
    const creds = await h.call('profiles.credentials', { profileId: 'local-sandbox' });
    expect(creds).toMatchObject({
      profileId: 'local-sandbox',
      email: 'partner@desk.sandbox.test',
      stored: { password: true, clientSecret: true, totpSecret: true },
    });
    const text = JSON.stringify(creds);
    expect(text).not.toMatch(/Password_123/);
    expect(Object.keys(creds.stored)).toEqual(['password', 'clientSecret', 'totpSecret']);
  });

  it('lists the built-in profiles with the sandbox active on loopback', async () => {
    const profiles = await h.call('profiles.list', {});
    expect(profiles.map((p) => p.id)).toEqual(['local-sandbox', 'staging', 'production']);
    expect(profiles[0]).toMatchObject({ active: true, kind: 'sandbox' });
    expect(profiles[0]?.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('serves pairs, currencies and latest rates, and the poller feeds ticks and history', async () => {
    expect(await h.call('market.pairs', {})).toEqual(['btceur', 'etheur', 'xrpeur']);
    expect((await h.call('market.currencies', {})).map((c) => c.code)).toEqual(['btc', 'eth', 'xrp']);
    const latest = await h.call('market.latest', {});
    expect(latest.map((r) => r.pair)).toEqual(['btceur', 'etheur', 'xrpeur']);
    expect(Number(latest[0]?.priceBuy)).toBeGreaterThan(Number(latest[0]?.priceSell));
    await eventually(() => h.eventsNamed('rates.tick').length >= 3);
    const history = await h.call('market.history', { pair: 'btceur', fromMs: 0, toMs: Date.now() + 86_400_000 });
    expect(history.points.length).toBeGreaterThan(0);
    expect(typeof history.points[0]?.price).toBe('string');
  });

  it('values master balances in EUR', async () => {
    const master = await h.call('balances.master', {});
    expect(master.map((b) => b.currency)).toEqual(['eur', 'btc', 'eth', 'xrp']);
    for (const b of master) expect(b.eurValue).toMatch(/^\d+\.\d{2}$/);
  });

  it('persists settings and applies a new polling interval at once', async () => {
    const updated = await h.call('settings.update', { pollingIntervalSeconds: 1, perOrderLimitEur: '2500.5' });
    expect(updated).toEqual({
      pollingIntervalSeconds: 1,
      perOrderLimitEur: '2500.50',
      // Solo: the limit is the desk's own.
      perOrderLimit: { source: 'desk', shared: false, setBy: null, setAtMs: null, note: null },
      retypeAtBalancePercent: 50,
      theme: 'auto',
    });
    const before = h.eventsNamed('rates.tick').length;
    await eventually(() => h.eventsNamed('rates.tick').length >= before + 6, 5000);
    expect(await h.call('settings.get', {})).toEqual(updated);
    const audit = await h.call('audit.query', { filter: { action: 'settings.update' }, limit: 10, offset: 0 });
    expect(audit.rows[0]?.summary).toContain('pollingIntervalSeconds=1');
    await h.call('settings.update', { pollingIntervalSeconds: 5, perOrderLimitEur: '10000' });
  });

  it('switches to a custom profile (signing out of the sandbox) and back', { timeout: 90_000 }, async () => {
    const custom = await h.call('profiles.addCustom', { name: 'Dead end', baseUrl: 'http://127.0.0.1:9/v1' });
    expect(custom).toMatchObject({ kind: 'custom', active: false, baseUrl: 'http://127.0.0.1:9/v1' });
    await h.call('profiles.saveCredentials', {
      profileId: custom.id,
      email: 'op@example.com',
      clientId: 9,
      password: 'pw-one',
      clientSecret: 'cs-one',
    });
    const creds = await h.call('profiles.credentials', { profileId: custom.id });
    expect(creds).toMatchObject({
      email: 'op@example.com',
      clientId: 9,
      stored: { password: true, clientSecret: true, totpSecret: false },
    });

    const view = await h.call('profiles.select', { profileId: custom.id });
    expect(view.profileId).toBe(custom.id);
    // No TOTP secret stored: the session asks the operator for a code.
    await eventually(async () => (await h.call('session.status', {})).needsTotp);
    expect(h.eventsNamed('session.totpNeeded').at(-1)).toMatchObject({ profileId: custom.id, reason: 'sign-in' });
    const logouts = await h.call('audit.query', { filter: { action: 'logout' }, limit: 10, offset: 0 });
    expect(logouts.rows[0]).toMatchObject({ profileId: 'local-sandbox', outcome: 'ok' });
    // The operator's code goes to the custom host, which is not there: a plain error, not a hang.
    const afterCode = await h.call('session.submitTotp', { code: '123456' });
    expect(afterCode).toMatchObject({ state: 'error', needsTotp: false });
    expect(afterCode.error).toMatch(/reach/i);
    // With a TOTP secret the desk logs in by itself; market calls go to the custom host, not the sandbox.
    await h.call('profiles.saveCredentials', { profileId: custom.id, totpSecret: 'jbsw y3dp ehpk 3pxp' });
    expect((await h.fail('market.pairs', {})).kind).toBe('network');
    // An explicit sign-in that fails makes the next one wait a moment, so a page cannot hammer the login.
    expect((await h.call('session.signIn', {})).state).toBe('error');
    const hammered = await h.fail('session.signIn', {});
    expect(hammered).toMatchObject({ kind: 'rate_limited' });
    expect(hammered.retryAfterSeconds).toBeGreaterThan(0);

    // A second login in the same TOTP step would wait up to 30 s for the next code; move the sandbox on instead.
    await h.advanceSandbox(30);
    const back = await h.call('profiles.select', { profileId: 'local-sandbox' });
    expect(back).toMatchObject({ profileId: 'local-sandbox', state: 'active' });
    const list = await h.call('profiles.remove', { profileId: custom.id });
    expect(list.map((p) => p.id)).not.toContain(custom.id);
    expect((await h.fail('profiles.credentials', { profileId: custom.id })).kind).toBe('not_found');
    expect((await h.fail('profiles.remove', { profileId: 'production' })).kind).toBe('validation');
    expect(JSON.stringify(await h.call('audit.exportCsv', { filter: {} }))).not.toMatch(/pw-one|cs-one/);
  });

  it('signs out and in again on request', { timeout: 60_000 }, async () => {
    await h.advanceSandbox(30);
    const out = await h.call('session.signOut', {});
    expect(out.state).toBe('signed-out');
    expect((await h.fail('market.pairs', {})).kind).toBe('signed_out');
    const again = await h.call('session.signIn', {});
    expect(again.state).toBe('active');
    expect(again.logins).toBeGreaterThanOrEqual(2);
    expect((await h.fail('session.submitTotp', { code: '123456' })).kind).toBe('validation');
  });
});

describe('createDesk with the sandbox port taken', () => {
  it('rejects ready with a clear reason and calls repeat it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const dir = await tempDir();
    try {
      const desk = await createDesk({ userDataDir: dir, keychainNamespace: freshNamespace(), sandboxPort: port }, { log: silentLogger });
      await expect(desk.ready).rejects.toThrow(/could not start the Local sandbox environment.*EADDRINUSE/);
      const error = await desk.handlers['session.status']({}).catch((e: unknown) => toDeskError(e));
      expect(error).toMatchObject({ kind: 'internal', message: expect.stringContaining('Local sandbox') });
      await desk.dispose();
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('createDesk restart', () => {
  it('keeps settings, and secrets in the keychain, across a restart; dispose is idempotent', async () => {
    const h = await startDesk();
    await h.call('settings.update', { theme: 'dark' });
    await h.call('profiles.saveCredentials', {
      profileId: 'staging',
      email: 'ops@example.com',
      clientId: 77,
      password: 'staging-pw',
      clientSecret: 'staging-cs',
      totpSecret: 'JBSWY3DPEHPK3PXP',
    });
    const keychain = (await h.call('profiles.credentials', { profileId: 'staging' })).keychain;
    // Under scripts/with-keyring.sh this is a real Secret Service; elsewhere the desk says why not.
    if (process.env.DBUS_SESSION_BUS_ADDRESS) expect(keychain).toEqual({ available: true });
    else expect(keychain.reason).toBeTruthy();
    await h.desk.dispose();
    await h.desk.dispose();
    const again = await createDesk({ userDataDir: h.dir, keychainNamespace: h.namespace, sandboxSeed: 7 }, { log: silentLogger });
    await again.ready;
    expect(await again.handlers['settings.get']({})).toMatchObject({ theme: 'dark' });
    expect((await again.handlers['session.status']({})).state).toBe('active');
    const staging = await again.handlers['profiles.credentials']({ profileId: 'staging' });
    expect(staging).toMatchObject({ email: 'ops@example.com', clientId: 77 });
    const all = keychain.available;
    expect(staging.stored).toEqual({ password: all, clientSecret: all, totpSecret: all });
    expect(await readFile(join(h.dir, 'settings.json'), 'utf8')).not.toMatch(/staging-pw|staging-cs|JBSWY3DP/);
    await again.dispose();
    await h.close();
  });
});
