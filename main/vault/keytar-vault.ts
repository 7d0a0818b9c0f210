// Secrets in the OS keychain (Secret Service on Linux, Keychain on macOS,
// Credential Manager on Windows) through keytar: one service per profile, one
// entry per secret, so replacing the TOTP secret never touches the password.
import { checkProfileId, checkSecretNames, label, normaliseSecrets } from './secret-input';
import { probeServiceName, resolveNamespace, serviceName } from './service-name';
import { secretNames, VaultError, type SecretName, type SecretPresence, type Secrets, type Vault, type VaultStatus } from './vault';
import { withTimeout } from './with-timeout';

/** The part of keytar the vault uses; tests may hand in a stand-in. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarVaultOptions {
  keytar: KeytarApi;
  /** Defaults to KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE, then 'default'. */
  namespace?: string;
  /** Upper bound for one keychain call. */
  operationTimeoutMs?: number;
}

export const DEFAULT_OPERATION_TIMEOUT_MS = 10_000;

export class KeytarVault implements Vault {
  readonly kind = 'keychain';
  readonly namespace: string;
  private readonly keytar: KeytarApi;
  private readonly timeoutMs: number;

  constructor(options: KeytarVaultOptions) {
    this.keytar = options.keytar;
    this.namespace = resolveNamespace(options.namespace);
    this.timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  }

  serviceFor(profileId: string): string {
    return serviceName(this.namespace, checkProfileId(profileId));
  }

  /** A live, bounded check: the keychain may go away while the desk runs (keyring daemon killed, session locked). */
  async status(): Promise<VaultStatus> {
    try {
      await this.call('checking the keychain', () => this.keytar.findCredentials(probeServiceName(this.namespace)));
      return { available: true };
    } catch (error) {
      return {
        available: false,
        reason: `The keychain stopped answering: ${error instanceof Error ? error.message : 'unknown error'}`,
      };
    }
  }

  async setSecrets(profileId: string, secrets: Secrets): Promise<void> {
    const service = this.serviceFor(profileId);
    const values = normaliseSecrets(secrets);
    for (const name of secretNames) {
      const value = values[name];
      if (value === undefined) continue;
      await this.call(`storing the ${label(name)} of profile "${profileId}"`, () => this.keytar.setPassword(service, name, value), [value]);
    }
  }

  async getSecrets(profileId: string): Promise<Secrets> {
    const found = await this.find(profileId);
    const secrets: Secrets = {};
    for (const { account, password } of found) {
      if (isSecretName(account)) secrets[account] = password;
    }
    return secrets;
  }

  async hasSecrets(profileId: string): Promise<SecretPresence> {
    const accounts = new Set((await this.find(profileId)).map((credential) => credential.account));
    return { password: accounts.has('password'), client_secret: accounts.has('client_secret'), totp_secret: accounts.has('totp_secret') };
  }

  async clearSecrets(profileId: string, names?: readonly SecretName[]): Promise<void> {
    const service = this.serviceFor(profileId);
    for (const name of names === undefined ? secretNames : checkSecretNames(names)) {
      // false means "there was nothing to delete", which is what we want anyway.
      await this.call(`removing the ${label(name)} of profile "${profileId}"`, () => this.keytar.deletePassword(service, name));
    }
  }

  private find(profileId: string): Promise<Array<{ account: string; password: string }>> {
    const service = this.serviceFor(profileId);
    return this.call(`reading the secrets of profile "${profileId}"`, () => this.keytar.findCredentials(service));
  }

  /** Bounds the call and rewrites its error so it names the action — and can never carry a value we passed in. */
  private async call<T>(what: string, run: () => Promise<T>, values: readonly string[] = []): Promise<T> {
    try {
      return await withTimeout(Promise.resolve().then(run), this.timeoutMs, what);
    } catch (error) {
      if (error instanceof VaultError) throw error;
      const detail = scrub(error instanceof Error ? error.message : String(error), values);
      throw new VaultError('keychain', `The keychain failed while ${what}: ${detail}`);
    }
  }
}

function isSecretName(account: string): account is SecretName {
  return (secretNames as readonly string[]).includes(account);
}

/** Defence in depth: keychain messages should not quote the secret, but if one ever did, it is cut out here. */
function scrub(message: string, values: readonly string[]): string {
  return values.reduce((text, value) => (value === '' ? text : text.split(value).join('[redacted]')), message);
}
