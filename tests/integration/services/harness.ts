// A desk on a temporary user-data directory with a fresh keychain namespace, its
// bridge reached through the real dispatcher (input validation included), and
// helpers to look at and steer the sandbox behind it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DeskEventName, DeskEvents, DeskInput, DeskMethodName, DeskOutput, DeskResult } from '../../../shared/desk-api';
import { createDesk } from '../../../main/desk/desk';
import type { Desk } from '../../../main/desk/host';
import type { DeskInternals, DeskOptions } from '../../../main/desk/options';
import { toDeskError } from '../../../main/errors';
import { createDispatcher } from '../../../main/ipc';
import { silentLogger } from '../../../main/log';

export interface SandboxTx {
  id: number;
  user_id: number;
  type: string;
  amount: string;
  state: string;
  idempotency_key: string | null;
}
export interface SandboxDump {
  users: Array<{
    id: number;
    kyc_status: string;
    status: string;
    balances: Record<string, string>;
    bank_accounts: Array<{ id: number; iban: string }>;
  }>;
  transactions: SandboxTx[];
}

export const fastTuning: DeskInternals['tuning'] = {
  kycFollowIntervalMs: 100,
  orderPollIntervalMs: 100,
  orderResendBaseMs: 100,
  orderResendMaxMs: 500,
  holdCheckMs: 50,
  // Most tests read the history themselves; first-sign-in-sync.test.ts covers the automatic one.
  syncOnFirstSignIn: false,
};

export class DeskHarness {
  readonly events: Array<{ name: DeskEventName; payload: unknown }> = [];
  private readonly dispatch;

  constructor(
    readonly desk: Desk,
    readonly dir: string,
    readonly namespace: string,
    public origin: string,
  ) {
    this.dispatch = createDispatcher(desk.handlers, toDeskError);
    desk.events.subscribe((name, payload) => this.events.push({ name, payload }));
  }

  /** A bridge call exactly as the renderer makes it: untyped input, envelope back. */
  raw(method: string, input: unknown): Promise<DeskResult<unknown>> {
    return this.dispatch(method, input);
  }

  /** A bridge call that must succeed. */
  async call<M extends DeskMethodName>(method: M, input: DeskInput<M>): Promise<DeskOutput<M>> {
    const result = await this.dispatch(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.kind}: ${result.error.message}`);
    return result.value as DeskOutput<M>;
  }

  /** A bridge call that must fail; returns the error. */
  async fail<M extends DeskMethodName>(method: M, input: DeskInput<M>) {
    const result = await this.dispatch(method, input);
    if (result.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(result.value)}`);
    return result.error;
  }

  eventsNamed<E extends DeskEventName>(name: E): Array<DeskEvents[E]> {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as DeskEvents[E]);
  }

  async sandbox<T = unknown>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}/__sandbox/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  state(): Promise<SandboxDump> {
    return this.sandbox<SandboxDump>('state');
  }

  async transactionCount(): Promise<number> {
    return (await this.state()).transactions.length;
  }

  faults(faults: Record<string, number>): Promise<unknown> {
    return this.sandbox('faults', faults);
  }

  advanceSandbox(seconds: number): Promise<unknown> {
    return this.sandbox('clock', { advance_seconds: seconds });
  }

  async close({ keepDir = false } = {}): Promise<void> {
    await this.desk.dispose();
    if (!keepDir) await rm(this.dir, { recursive: true, force: true });
  }
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'desk-services-'));
}

export function freshNamespace(): string {
  return `test-${randomBytes(6).toString('hex')}`;
}

export interface StartOptions extends Partial<DeskOptions> {
  internals?: DeskInternals;
}

/** A desk with its built-in Local sandbox (or `externalSandbox`), ready and signed in. */
export async function startDesk(options: StartOptions = {}): Promise<DeskHarness> {
  const { internals, ...rest } = options;
  const dir = rest.userDataDir ?? (await tempDir());
  const namespace = rest.keychainNamespace ?? freshNamespace();
  const desk = await createDesk(
    { sandboxSeed: 7, ...rest, userDataDir: dir, keychainNamespace: namespace },
    { log: silentLogger, ...internals, tuning: { ...fastTuning, ...internals?.tuning } },
  );
  // Subscribed before `ready`, so the start-up's events are seen too.
  const harness = new DeskHarness(desk, dir, namespace, '');
  await desk.ready;
  const profiles = await desk.handlers['profiles.list']({});
  const local = profiles.find((p) => p.id === 'local-sandbox');
  if (!local?.baseUrl) throw new Error('the Local sandbox has no URL');
  harness.origin = new URL(local.baseUrl).origin;
  return harness;
}

/** Polls `check` until it returns a truthy value (or the time is up). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
