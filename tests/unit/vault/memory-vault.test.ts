import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MemoryVault } from '../../../main/vault/memory-vault';

describe('MemoryVault', () => {
  it('says plainly that it is not a keychain', async () => {
    const vault = new MemoryVault('No Secret Service is running; secrets will be kept in memory for this session only.');
    expect(vault.kind).toBe('memory');
    expect(await vault.status()).toEqual({
      available: false,
      reason: 'No Secret Service is running; secrets will be kept in memory for this session only.',
    });
  });

  it('round-trips, replaces one secret at a time and keeps profiles apart', async () => {
    const vault = new MemoryVault();
    await vault.setSecrets('staging', { password: 'p1', client_secret: 'c1', totp_secret: 'jbsw y3dp ehpk 3pxp' });
    await vault.setSecrets('production', { password: 'p2' });
    await vault.setSecrets('staging', { password: 'p1-new' });
    expect(await vault.getSecrets('staging')).toEqual({ password: 'p1-new', client_secret: 'c1', totp_secret: 'JBSWY3DPEHPK3PXP' });
    expect(await vault.hasSecrets('production')).toEqual({ password: true, client_secret: false, totp_secret: false });
    expect(await vault.hasSecrets('custom-unknown')).toEqual({ password: false, client_secret: false, totp_secret: false });
  });

  it('clears one secret or all', async () => {
    const vault = new MemoryVault();
    await vault.setSecrets('staging', { password: 'p', client_secret: 'c' });
    await vault.clearSecrets('staging', ['client_secret']);
    expect(await vault.getSecrets('staging')).toEqual({ password: 'p' });
    await vault.clearSecrets('staging');
    expect(await vault.getSecrets('staging')).toEqual({});
    await expect(vault.clearSecrets('staging', ['token' as 'password'])).rejects.toThrow(/Unknown secret name/);
  });

  it('rejects bad input before storing anything', async () => {
    const vault = new MemoryVault();
    await expect(vault.setSecrets('staging', { password: 'p', totp_secret: 'not base32!' })).rejects.toThrow(/base32/);
    expect(await vault.getSecrets('staging')).toEqual({});
    await expect(vault.setSecrets('Bad Id', { password: 'p' })).rejects.toThrow(/profile id/);
  });

  it('cannot be logged or serialised with its contents', async () => {
    const vault = new MemoryVault();
    await vault.setSecrets('staging', { password: 'hunter2' });
    expect(inspect(vault, { showHidden: true, depth: 10 })).not.toContain('hunter2');
    expect(JSON.stringify(vault)).not.toContain('hunter2');
    expect(String(vault)).not.toContain('hunter2');
  });
});
