// What the composition root is started with: the Electron app and the browser
// harness fill DeskOptions from the command line (launch-options.ts), tests and
// benches add DeskInternals. Apart from desk.ts so the host and a workspace's
// desk can both read them without importing each other.
import type { KriptomatClientOptions } from '../kriptomat/client';
import type { Logger } from '../log';
import type { ServiceTuning } from '../services/common/context';
import type { Timers } from '../services/runtime/timers';

export interface DeskOptions {
  /** Where settings, the SQLite store and window state live. */
  userDataDir: string;
  /** Fixed loopback port for the built-in Local sandbox (0 or undefined: a free one). */
  sandboxPort?: number;
  /** Keychain namespace so tests get a fresh keychain per run. */
  keychainNamespace?: string;
  /** Seed for the built-in sandbox. */
  sandboxSeed?: number;
  /** Token lifetime of the built-in sandbox, seconds (tests shorten it). */
  sandboxTokenTtlSeconds?: number;
  /**
   * Use an already running sandbox for the Local sandbox profile instead of
   * starting one in-process — tests that stop and restart the desk against the
   * same sandbox (a crash in the middle of an order). Its demo credentials are
   * stored exactly as the in-process sandbox's would be.
   */
  externalSandbox?: ExternalSandbox;
  /**
   * The team database (PostgreSQL URL, the password may be in it): with it the
   * desk works in the Team workspace — every profile but the Local sandbox keeps
   * its users, orders, transactions and audit trail there. It wins over the
   * choice saved in Settings → Workspace, which cannot switch away from it.
   */
  teamDbUrl?: string;
}

export interface ExternalSandbox {
  /** The API base URL, e.g. http://127.0.0.1:4010/v1 */
  url: string;
  partner: { email: string; password: string; client_id: number; client_secret: string; totp_secret: string };
}

/** The desk's SQLite store in `userDataDir` (tests and benches open it to look inside). */
export const STORE_FILE_NAME = 'desk.sqlite';

/** Knobs for tests and benches; the app uses the defaults. */
export interface DeskInternals {
  tuning?: Partial<ServiceTuning>;
  timers?: Timers;
  log?: Logger;
  clientOptions?: Omit<KriptomatClientOptions, 'baseUrl'>;
}
