// Checks what callers hand the vault before anything is stored. Errors say which
// secret is wrong and why, never what it was.
import { PROFILE_ID_PATTERN } from '../settings/profile';
import { secretNames, VaultError, type SecretName, type Secrets } from './vault';

const MAX_SECRET_LENGTH = 1000;
const BASE32 = /^[A-Z2-7]+$/;
/** 80 bits: below this a TOTP secret is almost certainly a typo or a truncated paste. */
const MIN_TOTP_LENGTH = 16;

export function checkProfileId(profileId: unknown): string {
  if (typeof profileId !== 'string' || !PROFILE_ID_PATTERN.test(profileId)) {
    throw new VaultError('invalid_input', 'The profile id is not valid (lower-case letters, digits and dashes).');
  }
  return profileId;
}

export function checkSecretNames(names: unknown): SecretName[] {
  if (!Array.isArray(names)) throw new VaultError('invalid_input', 'The secret names must be a list.');
  const bad = names.filter((name) => !isSecretName(name));
  if (bad.length > 0) throw new VaultError('invalid_input', `Unknown secret name(s); expected ${secretNames.join(', ')}.`);
  return names as SecretName[];
}

/** Validates a partial set of secrets and returns it normalised (TOTP secret upper-cased, spaces removed). */
export function normaliseSecrets(input: unknown): Secrets {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new VaultError('invalid_input', 'The secrets must be given as an object.');
  }
  const unknown = Object.keys(input).filter((key) => !isSecretName(key));
  if (unknown.length > 0) {
    // Key names are safe to show; they are what the caller typed as field names.
    throw new VaultError('invalid_input', `Unknown secret name(s): ${unknown.join(', ')}; expected ${secretNames.join(', ')}.`);
  }
  const result: Secrets = {};
  for (const name of secretNames) {
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new VaultError('invalid_input', `The ${label(name)} must be text.`);
    if (value.trim() === '') throw new VaultError('invalid_input', `The ${label(name)} is empty.`);
    if (value.length > MAX_SECRET_LENGTH) {
      throw new VaultError('invalid_input', `The ${label(name)} is longer than ${MAX_SECRET_LENGTH} characters.`);
    }
    result[name] = name === 'totp_secret' ? normaliseTotpSecret(value) : value;
  }
  return result;
}

/**
 * Authenticator apps show the secret in spaced groups, sometimes lower-case, and
 * some exports keep '=' padding; all of those are the same key.
 */
export function normaliseTotpSecret(text: string): string {
  const secret = text.replace(/\s+/g, '').toUpperCase().replace(/=+$/, '');
  if (!BASE32.test(secret)) {
    throw new VaultError(
      'invalid_input',
      'The TOTP secret is not valid base32: use only the letters A–Z and the digits 2–7 (spaces are ignored).',
    );
  }
  if (secret.length < MIN_TOTP_LENGTH) {
    throw new VaultError('invalid_input', `The TOTP secret is too short: expected at least ${MIN_TOTP_LENGTH} base32 characters.`);
  }
  return secret;
}

export function label(name: SecretName): string {
  return { password: 'password', client_secret: 'client secret', totp_secret: 'TOTP secret' }[name];
}

function isSecretName(value: unknown): value is SecretName {
  return typeof value === 'string' && (secretNames as readonly string[]).includes(value);
}
