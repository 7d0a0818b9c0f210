// Keychain service names: `kriptomat-desk:<namespace>:<profileId>`. The namespace
// keeps separate desks (and every e2e test) out of each other's entries.
import { VaultError } from './vault';

export const SERVICE_PREFIX = 'kriptomat-desk';
export const DEFAULT_NAMESPACE = 'default';
export const NAMESPACE_ENV = 'KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE';
const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The explicit option wins, then the environment variable, then 'default'. */
export function resolveNamespace(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const namespace = explicit ?? (env[NAMESPACE_ENV] || undefined) ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new VaultError(
      'invalid_input',
      `The keychain namespace must be 1–64 letters, digits, dots, dashes or underscores (check ${NAMESPACE_ENV}).`,
    );
  }
  return namespace;
}

export function serviceName(namespace: string, profileId: string): string {
  return `${SERVICE_PREFIX}:${namespace}:${profileId}`;
}

/** Used by the availability probe; '.' cannot occur in a profile id, so it never meets a real profile. */
export function probeServiceName(namespace: string): string {
  return `${SERVICE_PREFIX}:${namespace}:.probe`;
}
