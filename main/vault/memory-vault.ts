// Secrets kept only in this process's memory, for a machine without a usable
// keychain: the operator types them each session, and they are never written
// anywhere. Its status always says so, so the UI can tell the operator why.
import { inspect } from 'node:util';
import { checkProfileId, checkSecretNames, normaliseSecrets } from './secret-input';
import { secretNames, type SecretName, type SecretPresence, type Secrets, type Vault, type VaultStatus } from './vault';

export const DEFAULT_MEMORY_REASON = 'No keychain is available; secrets will be kept in memory for this session only.';

export class MemoryVault implements Vault {
  readonly kind = 'memory';
  // A private field, so util.inspect / console.log of the vault cannot print its contents.
  readonly #profiles = new Map<string, Map<SecretName, string>>();

  /** `reason` says what is missing on this machine, in plain words for the operator. */
  constructor(private readonly reason: string = DEFAULT_MEMORY_REASON) {}

  /** What console.log or util.inspect show: never the contents. */
  [inspect.custom](): string {
    return `MemoryVault { profiles: ${this.#profiles.size} }`;
  }

  toJSON(): { kind: 'memory' } {
    return { kind: 'memory' };
  }

  async status(): Promise<VaultStatus> {
    return { available: false, reason: this.reason };
  }

  async setSecrets(profileId: string, secrets: Secrets): Promise<void> {
    const id = checkProfileId(profileId);
    const values = normaliseSecrets(secrets);
    const stored = this.#profiles.get(id) ?? new Map<SecretName, string>();
    for (const name of secretNames) {
      const value = values[name];
      if (value !== undefined) stored.set(name, value);
    }
    this.#profiles.set(id, stored);
  }

  async getSecrets(profileId: string): Promise<Secrets> {
    return Object.fromEntries(this.#profiles.get(checkProfileId(profileId)) ?? []) as Secrets;
  }

  async hasSecrets(profileId: string): Promise<SecretPresence> {
    const stored = this.#profiles.get(checkProfileId(profileId));
    return {
      password: !!stored?.has('password'),
      client_secret: !!stored?.has('client_secret'),
      totp_secret: !!stored?.has('totp_secret'),
    };
  }

  async clearSecrets(profileId: string, names?: readonly SecretName[]): Promise<void> {
    const id = checkProfileId(profileId);
    const stored = this.#profiles.get(id);
    if (names === undefined) {
      this.#profiles.delete(id);
      return;
    }
    for (const name of checkSecretNames(names)) stored?.delete(name);
  }
}
