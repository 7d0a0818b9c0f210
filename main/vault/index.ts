// Credentials per environment profile. Non-secret login details live in ../settings.
export { KeytarVault, DEFAULT_OPERATION_TIMEOUT_MS, type KeytarApi, type KeytarVaultOptions } from './keytar-vault';
export { MemoryVault, DEFAULT_MEMORY_REASON } from './memory-vault';
export { openVault, DEFAULT_PROBE_TIMEOUT_MS, type OpenedVault, type OpenVaultOptions } from './open-vault';
export { normaliseTotpSecret } from './secret-input';
export { DEFAULT_NAMESPACE, NAMESPACE_ENV, resolveNamespace, serviceName } from './service-name';
export {
  secretNames,
  VaultError,
  type SecretName,
  type SecretPresence,
  type Secrets,
  type Vault,
  type VaultErrorKind,
  type VaultStatus,
} from './vault';
