// What the transports (Electron IPC in main/index.ts, the browser harness in web/)
// need from main's services: the handlers of every bridge method and the event bus.
import type { DeskHandlers } from '../shared/desk-api';
import type { DeskEventBus } from './events';

export interface DeskCoreOptions {
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
}

export interface ExternalSandbox {
  /** The API base URL, e.g. http://127.0.0.1:4010/v1 */
  url: string;
  partner: { email: string; password: string; client_id: number; client_secret: string; totp_secret: string };
}

export interface DeskCore {
  handlers: DeskHandlers;
  events: DeskEventBus;
  /** Resolves once the active profile has started (sandbox up, first sign-in attempted). */
  ready: Promise<void>;
  /** Logs out, stops pollers and the built-in sandbox, closes the store. */
  dispose(): Promise<void>;
}
