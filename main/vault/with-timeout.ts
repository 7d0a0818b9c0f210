// Keytar calls into the OS keychain can hang (a D-Bus service that never answers,
// an unlock prompt nobody sees); every call is bounded so the desk stays usable.
// The native call itself cannot be cancelled — only our wait for it.
import { VaultError } from './vault';

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VaultError('timeout', `The keychain did not answer within ${formatMs(ms)} (${what}).`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
