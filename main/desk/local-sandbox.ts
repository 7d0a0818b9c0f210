// The built-in Local sandbox profile's simulator: started in-process (or an
// external one attached, for tests) the first time that profile is used, with
// its demo account stored in settings and the vault so the operator types
// nothing. One per workspace desk, which closes it on dispose.
import type { RunningSandbox } from '../../sandbox/server';
import type { Logger } from '../log';
import { LOCAL_SANDBOX_PROFILE_ID, type SettingsStore } from '../settings';
import type { Vault } from '../vault';
import type { DeskOptions, ExternalSandbox } from './options';

export interface LocalSandbox {
  /** Starts (or attaches) the simulator and stores its demo account; once, however often it is called. */
  ensure(): Promise<void>;
  /** Stops the in-process simulator, if one was started; never rejects. */
  close(): Promise<void>;
}

export interface LocalSandboxOptions {
  opts: Pick<DeskOptions, 'externalSandbox' | 'sandboxPort' | 'sandboxSeed' | 'sandboxTokenTtlSeconds'>;
  settings: SettingsStore;
  vault: Vault;
  log: Logger;
}

export function createLocalSandbox({ opts, settings, vault, log }: LocalSandboxOptions): LocalSandbox {
  let started: Promise<void> | null = null;
  let running: RunningSandbox | null = null;

  const attach = async (): Promise<void> => {
    let external: ExternalSandbox;
    if (opts.externalSandbox) {
      external = opts.externalSandbox;
    } else {
      // Loaded only when the Local sandbox is used: a desk that only ever works on
      // staging or production never evaluates the simulator's code.
      const { startSandbox } = await import('../../sandbox/server');
      const sandbox = await startSandbox({
        port: opts.sandboxPort ?? 0,
        ...(opts.sandboxSeed !== undefined ? { seed: opts.sandboxSeed } : {}),
        ...(opts.sandboxTokenTtlSeconds !== undefined ? { tokenTtlSeconds: opts.sandboxTokenTtlSeconds } : {}),
      });
      running = sandbox;
      external = { url: sandbox.url, partner: sandbox.partner };
      log.info(`local sandbox listening on ${sandbox.origin}`);
    }
    settings.setLocalSandboxBaseUrl(external.url);
    const { partner } = external;
    await settings.setProfileAccount(LOCAL_SANDBOX_PROFILE_ID, { email: partner.email, clientId: partner.client_id });
    await vault.setSecrets(LOCAL_SANDBOX_PROFILE_ID, {
      password: partner.password,
      client_secret: partner.client_secret,
      totp_secret: partner.totp_secret,
    });
  };

  return {
    ensure: () => (started ??= attach()),
    async close() {
      const sandbox = running;
      running = null;
      if (sandbox) await sandbox.close().catch(() => undefined);
    },
  };
}
