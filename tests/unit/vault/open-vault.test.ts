import { describe, expect, it } from 'vitest';
import { KeytarVault } from '../../../main/vault/keytar-vault';
import { MemoryVault } from '../../../main/vault/memory-vault';
import { openVault } from '../../../main/vault/open-vault';
import { FakeKeytar } from './fake-keytar';

const IN_MEMORY = /secrets will be kept in memory for this session only/;

describe('openVault', () => {
  it('uses the keychain when a test entry round-trips, and leaves no probe entry behind', async () => {
    const keytar = new FakeKeytar();
    const { vault, status } = await openVault({ namespace: 'unit', loadKeytar: async () => keytar });
    expect(status).toEqual({ available: true });
    expect(vault).toBeInstanceOf(KeytarVault);
    expect(vault.kind).toBe('keychain');
    expect([...keytar.entries.values()].every((entries) => entries.size === 0)).toBe(true);
  });

  it('falls back to memory with a reason when there is no Secret Service on Linux', async () => {
    const keytar = new FakeKeytar();
    keytar.failWith = new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    const { vault, status } = await openVault({ namespace: 'unit', platform: 'linux', loadKeytar: async () => keytar });
    expect(vault).toBeInstanceOf(MemoryVault);
    expect(status.available).toBe(false);
    if (!status.available) {
      expect(status.reason).toMatch(/^No Secret Service \(gnome-keyring or KWallet\) is running on this Linux session; /);
      expect(status.reason).toMatch(IN_MEMORY);
      expect(status.reason).toMatch(/Cannot autolaunch/);
    }
    expect(await vault.status()).toEqual(status);
  });

  it('notices a keychain that reads but cannot store (locked, no default collection)', async () => {
    const keytar = new FakeKeytar();
    keytar.refuseWrites = new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”');
    const { vault, status } = await openVault({ namespace: 'unit', platform: 'linux', loadKeytar: async () => keytar });
    expect(vault.kind).toBe('memory');
    expect(!status.available && status.reason).toMatch(/refused to store a test entry/);
  });

  it('gives up on a hanging keychain within the probe timeout', async () => {
    const keytar = new FakeKeytar();
    keytar.hang = true;
    const started = Date.now();
    const { vault, status } = await openVault({
      namespace: 'unit',
      platform: 'linux',
      probeTimeoutMs: 150,
      loadKeytar: async () => keytar,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(vault.kind).toBe('memory');
    expect(!status.available && status.reason).toMatch(/did not answer in time/);
  });

  it('explains a keytar module that cannot be loaded (wrong native ABI in Electron)', async () => {
    const { vault, status } = await openVault({
      namespace: 'unit',
      loadKeytar: () => Promise.reject(new Error('was compiled against a different Node.js version')),
    });
    expect(vault.kind).toBe('memory');
    expect(!status.available && status.reason).toMatch(/keychain module \(keytar\) could not be loaded/);
  });

  it.each<[NodeJS.Platform, RegExp]>([
    ['darwin', /macOS Keychain/],
    ['win32', /Windows Credential Manager/],
  ])('names the keychain of %s', async (platform, name) => {
    const keytar = new FakeKeytar();
    keytar.failWith = new Error('boom');
    const { status } = await openVault({ namespace: 'unit', platform, loadKeytar: async () => keytar });
    expect(!status.available && status.reason).toMatch(name);
  });

  it('refuses an invalid namespace instead of guessing', async () => {
    await expect(openVault({ namespace: 'has space', loadKeytar: async () => new FakeKeytar() })).rejects.toThrow(/namespace/);
  });
});
