import { describe, expect, it } from 'vitest';
import { KeytarVault } from '../../../main/vault/keytar-vault';
import { resolveNamespace, serviceName } from '../../../main/vault/service-name';
import { VaultError } from '../../../main/vault/vault';
import { FakeKeytar } from './fake-keytar';

describe('KeytarVault with a stand-in keytar', () => {
  it('stores one entry per secret under kriptomat-desk:<namespace>:<profileId>', async () => {
    const keytar = new FakeKeytar();
    const vault = new KeytarVault({ keytar, namespace: 'ns1' });
    await vault.setSecrets('staging', { password: 'p', client_secret: 'c', totp_secret: 'jbsw y3dp ehpk 3pxp' });
    expect(Object.fromEntries(keytar.entries.get('kriptomat-desk:ns1:staging') ?? [])).toEqual({
      password: 'p',
      client_secret: 'c',
      totp_secret: 'JBSWY3DPEHPK3PXP',
    });
  });

  it('ignores foreign accounts under its service', async () => {
    const keytar = new FakeKeytar();
    const vault = new KeytarVault({ keytar, namespace: 'ns1' });
    keytar.entries.set(
      'kriptomat-desk:ns1:staging',
      new Map([
        ['access_token', 'x'],
        ['password', 'p'],
      ]),
    );
    expect(await vault.getSecrets('staging')).toEqual({ password: 'p' });
  });

  it('turns keychain errors into VaultErrors that name the action and never quote the secret', async () => {
    const keytar = new FakeKeytar();
    keytar.failWith = new Error('libsecret choked on hunter2');
    const vault = new KeytarVault({ keytar, namespace: 'ns1' });
    const error = await vault.setSecrets('staging', { password: 'hunter2' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('keychain');
    expect((error as Error).message).toMatch(/storing the password of profile "staging"/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('bounds every call and reports a live status', async () => {
    const keytar = new FakeKeytar();
    const vault = new KeytarVault({ keytar, namespace: 'ns1', operationTimeoutMs: 100 });
    expect(await vault.status()).toEqual({ available: true });
    keytar.hang = true;
    const error = await vault.hasSecrets('staging').catch((caught: unknown) => caught);
    expect((error as VaultError).kind).toBe('timeout');
    expect((error as Error).message).toMatch(/did not answer within 100 ms/);
    const status = await vault.status();
    expect(status.available).toBe(false);
  });
});

describe('namespaces', () => {
  it('prefers the option, then KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE, then "default"', () => {
    expect(resolveNamespace('opt', { KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE: 'env' })).toBe('opt');
    expect(resolveNamespace(undefined, { KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE: 'env' })).toBe('env');
    expect(resolveNamespace(undefined, { KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE: '' })).toBe('default');
    expect(resolveNamespace(undefined, {})).toBe('default');
    expect(() => resolveNamespace(undefined, { KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE: 'a:b' })).toThrow(/namespace/);
    expect(serviceName('default', 'production')).toBe('kriptomat-desk:default:production');
  });
});
