import type { KeytarApi } from '../../../main/vault/keytar-vault';

/** An in-memory keytar with switches for the ways a real keychain misbehaves. */
export class FakeKeytar implements KeytarApi {
  readonly entries = new Map<string, Map<string, string>>();
  failWith: Error | null = null;
  hang = false;
  /** Reads succeed but writes fail — a Secret Service without an unlocked collection. */
  refuseWrites: Error | null = null;

  async getPassword(service: string, account: string): Promise<string | null> {
    await this.gate();
    return this.entries.get(service)?.get(account) ?? null;
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    await this.gate();
    if (this.refuseWrites) throw this.refuseWrites;
    const stored = this.entries.get(service) ?? new Map<string, string>();
    stored.set(account, password);
    this.entries.set(service, stored);
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    await this.gate();
    return this.entries.get(service)?.delete(account) ?? false;
  }
  async findCredentials(service: string): Promise<Array<{ account: string; password: string }>> {
    await this.gate();
    return [...(this.entries.get(service) ?? [])].map(([account, password]) => ({ account, password }));
  }
  private gate(): Promise<void> {
    if (this.hang) return new Promise<void>(() => undefined);
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve();
  }
}
