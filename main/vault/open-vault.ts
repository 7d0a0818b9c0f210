// Picks the vault for this run: the OS keychain when a bounded probe shows it
// really stores and returns an entry, otherwise an in-memory vault whose status
// tells the operator, in plain words, what is missing. There is deliberately no
// third option: secrets are never written to a plain file.
import { randomBytes } from 'node:crypto';
import { KeytarVault, type KeytarApi } from './keytar-vault';
import { MemoryVault } from './memory-vault';
import { probeServiceName, resolveNamespace } from './service-name';
import type { Vault, VaultStatus } from './vault';
import { withTimeout } from './with-timeout';

export interface OpenVaultOptions {
  /** Defaults to KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE, then 'default'. */
  namespace?: string;
  /** Upper bound for the availability probe (keytar can hang without D-Bus). */
  probeTimeoutMs?: number;
  /** Upper bound for each keychain call afterwards. */
  operationTimeoutMs?: number;
  /** How to load keytar; tests hand in stand-ins for a broken or hanging keychain. */
  loadKeytar?: () => Promise<KeytarApi>;
  platform?: NodeJS.Platform;
}

export interface OpenedVault {
  vault: Vault;
  status: VaultStatus;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;
const IN_MEMORY = 'secrets will be kept in memory for this session only and must be typed again after a restart.';

export async function openVault(options: OpenVaultOptions = {}): Promise<OpenedVault> {
  const namespace = resolveNamespace(options.namespace);
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;

  let keytar: KeytarApi;
  try {
    keytar = await (options.loadKeytar ?? loadKeytar)();
  } catch (error) {
    // In Electron this usually means keytar was built for Node's ABI, not Electron's.
    return memory(`The keychain module (keytar) could not be loaded; ${IN_MEMORY} Details: ${describe(error)}.`);
  }

  try {
    await withTimeout(probe(keytar, probeServiceName(namespace)), timeoutMs, 'availability check');
  } catch (error) {
    return memory(`${unavailableReason(platform, describe(error))}; ${IN_MEMORY} Details: ${describe(error)}.`);
  }
  const vault = new KeytarVault({ keytar, namespace, operationTimeoutMs: options.operationTimeoutMs });
  return { vault, status: { available: true } };
}

async function loadKeytar(): Promise<KeytarApi> {
  const module = await import('keytar');
  return module.default;
}

/**
 * Reading alone is not enough: a Secret Service without an unlocked default
 * collection lists nothing happily and only fails on the first write. So store a
 * random non-secret value, read it back, and remove it.
 */
async function probe(keytar: KeytarApi, service: string): Promise<void> {
  const value = randomBytes(8).toString('hex');
  await keytar.setPassword(service, 'probe', value);
  const read = await keytar.getPassword(service, 'probe');
  await keytar.deletePassword(service, 'probe').catch(() => false);
  if (read !== value) throw new Error('the keychain did not return the entry it had just stored');
}

/** What is missing, in the operator's words; the technical detail is appended by the caller. */
function unavailableReason(platform: NodeJS.Platform, detail: string): string {
  if (platform === 'linux') {
    if (/autolaunch|could not connect|ServiceUnknown|not provided by any|was not provided|no such file/i.test(detail)) {
      return `No Secret Service (gnome-keyring or KWallet) is running on this Linux session`;
    }
    if (/did not answer/i.test(detail)) {
      return `The Secret Service on this Linux session did not answer in time — it may be waiting for an unlock prompt`;
    }
    return `The Secret Service on this Linux session refused to store a test entry (the keyring may be locked or have no default collection)`;
  }
  if (platform === 'darwin') return `The macOS Keychain could not be used`;
  if (platform === 'win32') return `The Windows Credential Manager could not be used`;
  return `No usable keychain was found on this system`;
}

function memory(reason: string): OpenedVault {
  const vault = new MemoryVault(reason);
  return { vault, status: { available: false, reason } };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\.$/, '').slice(0, 300);
}
