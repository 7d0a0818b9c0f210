// Against a real Secret Service: run inside scripts/with-keyring.sh, which starts
// a private D-Bus session with an unlocked gnome-keyring.
import { randomBytes } from 'node:crypto';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarVault } from '../../../main/vault/keytar-vault';
import { openVault } from '../../../main/vault/open-vault';
import type { Vault } from '../../../main/vault/vault';

const namespaceA = `it-${process.pid}-${randomBytes(3).toString('hex')}`;
const namespaceB = `${namespaceA}-b`;
const profiles = ['local-sandbox', 'staging', 'production', 'custom-1a2b3c'];
const TOTP = 'JBSWY3DPEHPK3PXP';

let vault: Vault;
let other: Vault;

beforeAll(async () => {
  const opened = await openVault({ namespace: namespaceA });
  if (!opened.status.available) {
    throw new Error(`No usable Secret Service — run these tests via scripts/with-keyring.sh. ${opened.status.reason}`);
  }
  vault = opened.vault;
  other = (await openVault({ namespace: namespaceB })).vault;
});

afterAll(async () => {
  for (const profile of profiles) {
    await vault?.clearSecrets(profile);
    await other?.clearSecrets(profile);
  }
});

const raw = async (namespace: string, profileId: string) =>
  Object.fromEntries(
    (await keytar.findCredentials(`kriptomat-desk:${namespace}:${profileId}`)).map(({ account, password }) => [account, password]),
  );

describe('KeytarVault on gnome-keyring', () => {
  it('is the keychain, reports available, and the probe left nothing behind', async () => {
    expect(vault).toBeInstanceOf(KeytarVault);
    expect(await vault.status()).toEqual({ available: true });
    expect(await keytar.findCredentials(`kriptomat-desk:${namespaceA}:.probe`)).toEqual([]);
  });

  it('round-trips every profile, one keychain entry per secret', async () => {
    for (const profile of profiles) {
      await vault.setSecrets(profile, { password: `pw-${profile}`, client_secret: `cs-${profile}`, totp_secret: 'jbsw y3dp ehpk 3pxp' });
    }
    for (const profile of profiles) {
      expect(await vault.getSecrets(profile)).toEqual({ password: `pw-${profile}`, client_secret: `cs-${profile}`, totp_secret: TOTP });
      expect(await raw(namespaceA, profile)).toEqual({ password: `pw-${profile}`, client_secret: `cs-${profile}`, totp_secret: TOTP });
    }
  });

  it('keeps unusual passwords byte for byte', async () => {
    const password = ' päss wörd 🔑 "quoted" \\ ';
    await vault.setSecrets('staging', { password });
    expect((await vault.getSecrets('staging')).password).toBe(password);
  });

  it('persists: a fresh vault in the same namespace sees the secrets', async () => {
    await vault.setSecrets('production', { password: 'persisted' });
    const reopened = await openVault({ namespace: namespaceA });
    expect((await reopened.vault.getSecrets('production')).password).toBe('persisted');
  });

  it('isolates namespaces', async () => {
    await vault.setSecrets('staging', { password: 'from-a' });
    await other.setSecrets('staging', { password: 'from-b' });
    expect((await vault.getSecrets('staging')).password).toBe('from-a');
    expect((await other.getSecrets('staging')).password).toBe('from-b');
    await other.clearSecrets('staging');
    expect(await other.hasSecrets('staging')).toEqual({ password: false, client_secret: false, totp_secret: false });
    expect((await vault.getSecrets('staging')).password).toBe('from-a');
  });

  it('hasSecrets answers with exactly three booleans', async () => {
    await vault.clearSecrets('custom-1a2b3c');
    await vault.setSecrets('custom-1a2b3c', { client_secret: 'only-this' });
    const presence = await vault.hasSecrets('custom-1a2b3c');
    expect(presence).toStrictEqual({ password: false, client_secret: true, totp_secret: false });
    expect(Object.values(presence).every((value) => typeof value === 'boolean')).toBe(true);
  });

  it('replaces one secret without touching the others', async () => {
    await vault.setSecrets('local-sandbox', { password: 'old', client_secret: 'cs', totp_secret: TOTP });
    await vault.setSecrets('local-sandbox', { password: 'new' });
    expect(await vault.getSecrets('local-sandbox')).toEqual({ password: 'new', client_secret: 'cs', totp_secret: TOTP });
    expect(await raw(namespaceA, 'local-sandbox')).toEqual({ password: 'new', client_secret: 'cs', totp_secret: TOTP });
  });

  it('clears one secret, then all, and clearing again is harmless', async () => {
    await vault.setSecrets('production', { password: 'p', client_secret: 'c', totp_secret: TOTP });
    await vault.clearSecrets('production', ['totp_secret']);
    expect(await vault.hasSecrets('production')).toEqual({ password: true, client_secret: true, totp_secret: false });
    await vault.clearSecrets('production');
    expect(await raw(namespaceA, 'production')).toEqual({});
    await vault.clearSecrets('production');
    expect(await vault.getSecrets('production')).toEqual({});
  });

  it('refuses bad input without storing any part of it', async () => {
    await vault.clearSecrets('staging');
    await expect(vault.setSecrets('staging', { password: 'p', totp_secret: '0000 1111' })).rejects.toThrow(/base32/);
    await expect(vault.setSecrets('staging', { password: '' })).rejects.toThrow(/empty/);
    expect(await raw(namespaceA, 'staging')).toEqual({});
  });
});
