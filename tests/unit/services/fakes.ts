// A ServiceContext over fakes: an in-memory store and vault, a scripted API and
// a session that is simply active — for unit tests of the services' logic.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskEventBus } from '../../../main/events';
import { silentLogger } from '../../../main/log';
import type { AuthorizedApi } from '../../../main/session';
import { AuditRecorder } from '../../../main/services/audit/recorder';
import { defaultTuning, type ServiceContext, type ServiceTuning } from '../../../main/services/common/context';
import { ProfileRuntime } from '../../../main/services/runtime/runtime';
import type { SessionSnapshot } from '../../../shared/desk-api';
import type { ProfileSession } from '../../../main/services/runtime/profile-session';
import { reachedBy, type CallOutcome } from '../../../main/services/runtime/kriptomat-health';
import { realTimers } from '../../../main/services/runtime/timers';
import { defaultSettings, SettingsStore, builtInProfiles } from '../../../main/settings';
import { MemoryVault } from '../../../main/vault';
import { MemoryStore } from './memory-store';

export type FakeSession = ProfileSession & { setState(s: SessionSnapshot['state']): void };

export function fakeSession(api: Partial<AuthorizedApi>, state: SessionSnapshot['state'] = 'active'): FakeSession {
  const listeners = new Set<(s: SessionSnapshot) => void>();
  let current: SessionSnapshot = { state, expiresAtMs: null, lastRenewedAtMs: null, logins: 1, error: null, needsTotp: false };
  const missing = (name: string) => () => Promise.reject(new Error(`fake API has no ${name}`));
  // Like the real profile session, every call that goes out is told to the call listeners.
  const callListeners = new Set<(outcome: CallOutcome) => void>();
  const noteCall = (error: unknown): void => {
    const seen = reachedBy(error);
    if (seen !== null) for (const l of [...callListeners]) l({ ...seen, durationMs: 0 });
  };
  const reported =
    (fn: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]): Promise<unknown> => {
      const result = fn(...args);
      result.then(
        () => noteCall(undefined),
        (error: unknown) => noteCall(error),
      );
      return result;
    };
  return {
    api: new Proxy(api as AuthorizedApi, {
      get: (target, name: string) => {
        const fn = (target as Record<string, unknown>)[name];
        return typeof fn === 'function' ? reported(fn as (...args: unknown[]) => Promise<unknown>) : missing(name);
      },
    }),
    snapshot: () => current,
    signIn: async () => undefined,
    signOut: async () => undefined,
    submitTotp: async () => undefined,
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onTotpNeeded: () => () => undefined,
    onCall: (l) => {
      callListeners.add(l);
      return () => callListeners.delete(l);
    },
    dispose: async () => undefined,
    setState(s) {
      current = { ...current, state: s };
      for (const l of listeners) l(current);
    },
  };
}

export interface FakeContext {
  ctx: ServiceContext;
  store: MemoryStore;
  events: DeskEventBus;
  emitted: Array<{ name: string; payload: unknown }>;
  runtime: ProfileRuntime;
  session: FakeSession;
}

export function fakeContext(api: Partial<AuthorizedApi>, tuning: Partial<ServiceTuning> = {}): FakeContext {
  const store = new MemoryStore();
  const events = new DeskEventBus();
  const emitted: Array<{ name: string; payload: unknown }> = [];
  events.subscribe((name, payload) => emitted.push({ name, payload }));
  const settings = new SettingsStore(mkdtempSync(join(tmpdir(), 'desk-unit-')), defaultSettings());
  const session = fakeSession(api);
  const runtime = new ProfileRuntime({ ...builtInProfiles[0]!, baseUrl: 'http://127.0.0.1:1/v1' }, session, realTimers, silentLogger);
  const ctx: ServiceContext = {
    events,
    settings,
    store,
    vault: new MemoryVault(),
    vaultStatus: { available: false, reason: 'unit test' },
    audit: new AuditRecorder({ sink: store, now: Date.now, log: silentLogger, osUser: 'tester' }),
    timers: realTimers,
    log: silentLogger,
    tuning: { ...defaultTuning, orderPollIntervalMs: 5, orderResendBaseMs: 5, orderResendMaxMs: 20, kycFollowIntervalMs: 5, ...tuning },
    approvalsAnnouncer: { announce: () => undefined },
    runtime: () => runtime,
  };
  return { ctx, store, events, emitted, runtime, session };
}
