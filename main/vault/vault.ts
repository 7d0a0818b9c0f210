// What every vault offers. Secret values leave a vault only through `getSecrets`,
// which main's session calls to log in; everything the renderer may learn goes
// through `hasSecrets`, which answers with booleans.

/** Also the keychain account names, one entry each. */
export const secretNames = ['password', 'client_secret', 'totp_secret'] as const;
export type SecretName = (typeof secretNames)[number];

/** Any subset of a profile's secrets; a key that is absent is left as it is. */
export type Secrets = Partial<Record<SecretName, string>>;

/** Which secrets a profile has stored — never their values. */
export type SecretPresence = Record<SecretName, boolean>;

export type VaultStatus =
  | { available: true }
  /** `reason` is a plain sentence for the operator: what is missing and what the desk does instead. */
  | { available: false; reason: string };

export interface Vault {
  /** 'keychain' keeps secrets across restarts; 'memory' only for this run of the app. */
  readonly kind: 'keychain' | 'memory';
  status(): Promise<VaultStatus>;
  /** Stores the given secrets (validated and normalised), replacing those already stored under the same names. */
  setSecrets(profileId: string, secrets: Secrets): Promise<void>;
  /** Main process only: the stored values, for logging in. Never send the result across the bridge. */
  getSecrets(profileId: string): Promise<Secrets>;
  hasSecrets(profileId: string): Promise<SecretPresence>;
  /** Forgets the named secrets, or all of the profile's secrets when `names` is omitted. */
  clearSecrets(profileId: string, names?: readonly SecretName[]): Promise<void>;
}

export type VaultErrorKind = 'invalid_input' | 'timeout' | 'keychain';

/** Messages name the profile and the secret, never a secret's value. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly kind: VaultErrorKind,
    message: string,
  ) {
    super(message);
  }
}
