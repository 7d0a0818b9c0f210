import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toDeskError } from '../../../main/errors';
import { settingsFilePath } from '../../../main/settings/settings-file';
import type { SettingsPatch } from '../../../main/settings/settings-schema';
import { SettingsStore } from '../../../main/settings/settings-store';

let dir: string;
let store: SettingsStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-store-'));
  ({ store } = await SettingsStore.open(dir));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileText = () => readFile(settingsFilePath(dir), 'utf8');

describe('SettingsStore general settings', () => {
  it('persists updates, so a new store sees them', async () => {
    await store.update({ theme: 'light', pollingIntervalSeconds: 60, perOrderLimitEur: '2500', retypeAtBalancePercent: 80 });
    await store.update((current) => ({ pollingIntervalSeconds: current.pollingIntervalSeconds + 1 }));
    const { store: reopened, warnings } = await SettingsStore.open(dir);
    expect(warnings).toEqual([]);
    expect(reopened.get()).toMatchObject({
      theme: 'light',
      pollingIntervalSeconds: 61,
      perOrderLimitEur: '2500.00',
      retypeAtBalancePercent: 80,
    });
  });

  it('stores window bounds for the shell', async () => {
    const window = { x: 10, y: 20, width: 1400, height: 900, maximized: false };
    await store.update({ window });
    expect(store.get().window).toEqual(window);
  });

  it.each<[string, SettingsPatch]>([
    ['polling below 1', { pollingIntervalSeconds: 0 }],
    ['polling above 300', { pollingIntervalSeconds: 301 }],
    ['a negative limit', { perOrderLimitEur: '-5' }],
    ['a limit with 3 places', { perOrderLimitEur: '1.005' }],
    ['a retype share of 0 %', { retypeAtBalancePercent: 0 }],
    ['a retype share over 100 %', { retypeAtBalancePercent: 101 }],
    ['a retype share that is not whole', { retypeAtBalancePercent: 12.5 }],
    ['an unknown theme', { theme: 'neon' as 'dark' }],
    ['an unknown profile', { activeProfileId: 'custom-none' }],
  ])('refuses %s and keeps the old value', async (_, patch) => {
    await expect(store.update(patch)).rejects.toThrow();
    expect(store.get().pollingIntervalSeconds).toBe(5);
    expect(store.get().perOrderLimitEur).toBe('10000.00');
    expect(store.get().retypeAtBalancePercent).toBe(50);
    expect(store.get().theme).toBe('auto');
  });

  it('never writes a secret a caller passes in, through any method', async () => {
    await store.update({ theme: 'dark' });
    const sneaky = { theme: 'light', password: 'hunter2-a' } as unknown as SettingsPatch;
    await expect(store.update(sneaky)).rejects.toThrow(/password/);
    await expect(store.update(() => ({ client_secret: 'hunter2-b' }) as unknown as SettingsPatch)).rejects.toThrow(/client_secret/);
    await expect(store.setProfileAccount('staging', { email: 'ops@example.com', totp_secret: 'hunter2-c' } as never)).rejects.toThrow(
      /totp_secret/,
    );
    await expect(store.addCustomProfile({ name: 'Proxy', baseUrl: 'https://operator:hunter2-d@proxy.example.com' })).rejects.toThrow(
      /user name or password/,
    );
    const text = await fileText();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({ theme: 'dark' });
    expect(store.get().theme).toBe('dark');
  });

  it('snapshots are frozen, so nobody can change settings behind the store', async () => {
    const snapshot = store.get();
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(() => {
      (snapshot as { theme: string }).theme = 'dark';
    }).toThrow(TypeError);
  });

  it('notifies subscribers after a save, in order, until they unsubscribe', async () => {
    const seen: number[] = [];
    const unsubscribe = store.subscribe((settings) => seen.push(settings.pollingIntervalSeconds));
    const broken = vi.fn(() => {
      throw new Error('subscriber bug');
    });
    store.subscribe(broken);
    const errorSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await Promise.all([store.update({ pollingIntervalSeconds: 7 }), store.update({ pollingIntervalSeconds: 8 })]);
    unsubscribe();
    await store.update({ pollingIntervalSeconds: 9 });
    errorSpy.mockRestore();
    expect(seen).toEqual([7, 8]);
    expect(broken).toHaveBeenCalledTimes(3);
    expect(JSON.parse(await fileText())).toMatchObject({ pollingIntervalSeconds: 9 });
  });

  it('a failed update does not notify and does not block later ones', async () => {
    const listener = vi.fn();
    store.subscribe(listener);
    await expect(store.update({ pollingIntervalSeconds: -1 })).rejects.toThrow();
    await store.update({ pollingIntervalSeconds: 6 });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('SettingsStore profiles', () => {
  it('lists the three built-ins with their URLs; the sandbox URL is runtime-only', async () => {
    expect(store.listProfiles()).toEqual([
      { id: 'local-sandbox', name: 'Local sandbox', kind: 'sandbox', baseUrl: null },
      { id: 'staging', name: 'Staging', kind: 'staging', baseUrl: 'https://stagingapi.kminfra.net/v1' },
      { id: 'production', name: 'Production', kind: 'production', baseUrl: 'https://api.kriptomat.io/api/v1/partners' },
    ]);
    store.setLocalSandboxBaseUrl('http://127.0.0.1:45123/v1/');
    expect(store.activeProfile()).toEqual({
      id: 'local-sandbox',
      name: 'Local sandbox',
      kind: 'sandbox',
      baseUrl: 'http://127.0.0.1:45123/v1',
    });
    expect(() => store.setLocalSandboxBaseUrl('http://10.0.0.1:1/v1')).toThrow();
    await store.update({ theme: 'dark' });
    expect(await fileText()).not.toContain('45123');
  });

  it('adds, selects and removes a custom profile; removal forgets its login details and re-selects the sandbox', async () => {
    const profile = await store.addCustomProfile({ name: '  Partner proxy ', baseUrl: 'https://proxy.example.com/v1/' });
    expect(profile).toEqual({
      id: expect.stringMatching(/^custom-[0-9a-f]{12}$/) as string,
      name: 'Partner proxy',
      kind: 'custom',
      baseUrl: 'https://proxy.example.com/v1',
    });
    await store.setProfileAccount(profile.id, { email: 'ops@example.com', clientId: 17 });
    await store.update({ activeProfileId: profile.id });
    expect(store.activeProfile()).toEqual(profile);

    const { store: reopened } = await SettingsStore.open(dir);
    expect(reopened.getProfile(profile.id)).toEqual(profile);
    expect(reopened.getProfileAccount(profile.id)).toEqual({ email: 'ops@example.com', clientId: 17 });

    await store.removeCustomProfile(profile.id);
    expect(store.getProfile(profile.id)).toBeUndefined();
    expect(store.get().activeProfileId).toBe('local-sandbox');
    expect(store.get().profileAccounts).toEqual({});
    await expect(store.removeCustomProfile(profile.id)).rejects.toThrow(/no custom profile/);
  });

  it('refuses to remove built-ins and refuses bad custom profiles', async () => {
    await expect(store.removeCustomProfile('production')).rejects.toThrow(/cannot be removed/);
    await expect(store.addCustomProfile({ name: 'Plain', baseUrl: 'http://api.example.com' })).rejects.toThrow(/https/);
    await expect(store.addCustomProfile({ name: 'Query', baseUrl: 'https://api.example.com/v1?x=1' })).rejects.toThrow(/query/);
    await expect(store.addCustomProfile({ name: '   ', baseUrl: 'https://api.example.com' })).rejects.toThrow(/name/);
    expect(store.get().customProfiles).toEqual([]);
  });

  it.each([
    ['https://api.kriptomat.io/api/v1/partners', 'Production'],
    ['HTTPS://API.Kriptomat.IO:443/v1/', 'Production'],
    ['https://api.kriptomat.io./api/v1/partners', 'Production'],
    ['https://stagingapi.kminfra.net/v1', 'Staging'],
    ['https://StagingAPI.kminfra.net:443/api/v1/partners/', 'Staging'],
  ])('refuses %s as a custom profile, at the URL field, sending the operator to the built-in %s', async (baseUrl, builtIn) => {
    const refused = await store.addCustomProfile({ name: 'Mine', baseUrl }).then(
      () => null,
      (error: unknown) => toDeskError(error),
    );
    const message = `This is Kriptomat's ${builtIn.toLowerCase()} API: use the built-in ${builtIn} environment instead of a custom one.`;
    expect(refused).toEqual({ kind: 'validation', message, fieldErrors: { baseUrl: [message] } });
    expect(store.get().customProfiles).toEqual([]);
  });

  it('refuses a profile name already used, ignoring case and spaces, at the name field', async () => {
    await store.addCustomProfile({ name: 'Partner proxy', baseUrl: 'https://proxy.example.com/v1' });
    for (const [name, taken] of [
      ['partner  PROXY', 'Partner proxy'],
      [' PartnerProxy ', 'Partner proxy'],
      ['production', 'Production'],
      ['Local Sandbox', 'Local sandbox'],
    ] as const) {
      const refused = await store.addCustomProfile({ name, baseUrl: 'https://other.example.com/v1' }).then(
        () => null,
        (error: unknown) => toDeskError(error),
      );
      const message = `The name "${taken}" is already used by another environment: choose another name.`;
      expect(refused).toEqual({ kind: 'validation', message, fieldErrors: { name: [message] } });
    }
    expect(store.get().customProfiles.map((p) => p.name)).toEqual(['Partner proxy']);
    // A name that only looks alike is another name.
    await store.addCustomProfile({ name: 'Partner proxy 2', baseUrl: 'https://other.example.com/v1' });
    expect(store.get().customProfiles).toHaveLength(2);
  });

  it('sets and clears per-profile login details with validation', async () => {
    expect(await store.setProfileAccount('staging', { email: ' ops@example.com ', clientId: 5 })).toEqual({
      email: 'ops@example.com',
      clientId: 5,
    });
    expect(await store.setProfileAccount('staging', { clientId: null })).toEqual({ email: 'ops@example.com' });
    await expect(store.setProfileAccount('staging', { email: 'not-an-email' })).rejects.toThrow(/email/);
    await expect(store.setProfileAccount('staging', { clientId: 1.5 })).rejects.toThrow(/clientId/);
    await expect(store.setProfileAccount('custom-none', { clientId: 1 })).rejects.toThrow(/no profile/);
    expect(store.getProfileAccount('staging')).toEqual({ email: 'ops@example.com' });
    expect(store.getProfileAccount('production')).toEqual({});
  });
});
