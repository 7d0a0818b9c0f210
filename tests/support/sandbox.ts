// Helpers for integration tests against the project's sandbox: start it, steer
// its clock and faults, read its state, and log in the way the session does.
import { createKriptomatClient, type KriptomatClient, type KriptomatClientOptions } from '../../main/kriptomat/client';
import { silentLogger } from '../../main/log';
import { totpCode } from '../../main/session/totp';
import { startSandbox, type RunningSandbox, type SandboxOptions, type SandboxPartner } from '../../sandbox/server';
import type { DeskInput } from '../../shared/desk-api';

export type { RunningSandbox };

export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, seed: 7, ...options });
}

async function control(sandbox: Pick<RunningSandbox, 'origin'>, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.origin}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The `profiles.saveCredentials` input that stores the sandbox partner's whole login on a desk profile. */
export function partnerCredentials(profileId: string, partner: SandboxPartner): DeskInput<'profiles.saveCredentials'> {
  return {
    profileId,
    email: partner.email,
    clientId: partner.client_id,
    password: partner.password,
    clientSecret: partner.client_secret,
    totpSecret: partner.totp_secret,
  };
}

export function advanceSandboxClock(sandbox: Pick<RunningSandbox, 'origin'>, seconds: number): Promise<unknown> {
  return control(sandbox, 'POST', 'clock', { advance_seconds: seconds });
}

export interface SandboxFaults {
  latency_ms?: number;
  error_rate?: number;
  error_status?: number;
  rate_limit_rate?: number;
  retry_after_s?: number;
  drop_after_commit_rate?: number;
}

export function setFaults(sandbox: Pick<RunningSandbox, 'origin'>, faults: SandboxFaults): Promise<unknown> {
  return control(sandbox, 'POST', 'faults', faults);
}

export function clearFaults(sandbox: Pick<RunningSandbox, 'origin'>): Promise<unknown> {
  return control(sandbox, 'DELETE', 'faults');
}

export interface SandboxDump {
  users: Array<{ id: number; balances: Record<string, string>; bank_accounts: Array<{ id: number }> }>;
  transactions?: Array<{ id: number; user_id: number; type: string }>;
  [key: string]: unknown;
}

export async function sandboxState(sandbox: Pick<RunningSandbox, 'origin'>): Promise<SandboxDump> {
  return (await control(sandbox, 'GET', 'state')) as SandboxDump;
}

/** A client for the sandbox whose retries do not really sleep. */
export function sandboxClient(baseUrl: string, options: Partial<KriptomatClientOptions> = {}): KriptomatClient {
  return createKriptomatClient({ baseUrl, logger: silentLogger, sleep: () => Promise.resolve(), ...options });
}

/** Logs the demo partner in with the code of the sandbox's current step (read from its clock). */
export async function loginPartner(sandbox: RunningSandbox, client: KriptomatClient): Promise<string> {
  const clock = (await control(sandbox, 'GET', 'clock')) as { now_ms: number };
  const { partner } = sandbox;
  const { access_token } = await client.login({
    email: partner.email,
    password: partner.password,
    client_id: partner.client_id,
    client_secret: partner.client_secret,
    security_code: totpCode(partner.totp_secret, clock.now_ms),
  });
  return access_token;
}
