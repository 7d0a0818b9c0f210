// The services' side of the session (main/services/runtime/profile-session.ts) for a
// custom environment without a stored TOTP secret: the operator's codes arrive
// through submitTotp, which must answer for each code, and nothing else may wait
// for the operator.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/log';
import { createProfileSession } from '../../../main/services/runtime/profile-session';
import type { ProfileSession } from '../../../main/services/runtime/profile-session';
import { totpCode } from '../../../main/session/totp';
import { defaultSettings, SettingsStore } from '../../../main/settings';
import { MemoryVault } from '../../../main/vault';
import { FakeClock, flushEventLoop } from '../../support/fake-clock';
import { CREDS, SECRET, promptly, startAuthStub, wrongCode, type AuthStub } from './helpers';

const START = Date.UTC(2026, 0, 15, 9, 0, 10);

describe('session adapter with typed TOTP codes', () => {
  let rig: AuthStub | undefined;
  let adapter: ProfileSession | undefined;
  afterEach(async () => {
    await adapter?.dispose();
    adapter = undefined;
    await rig?.stub.close();
    rig = undefined;
  });

  async function setUp() {
    const clock = new FakeClock(START);
    rig = await startAuthStub(clock);
    const settings = new SettingsStore(mkdtempSync(join(tmpdir(), 'desk-session-')), defaultSettings());
    const profile = await settings.addCustomProfile({ name: 'Stub', baseUrl: `${rig.stub.origin}/v1` });
    await settings.setProfileAccount(profile.id, { email: 'op@desk.test', clientId: 5 });
    const vault = new MemoryVault();
    // No TOTP secret: every code is typed by the operator.
    await vault.setSecrets(profile.id, { password: CREDS.password, client_secret: CREDS.client_secret });
    adapter = createProfileSession({
      profile,
      settings,
      vault,
      log: silentLogger,
      clock,
      clientOptions: { logger: silentLogger, sleep: () => Promise.resolve(), retry: { maxAttempts: 2 } },
    });
    const asked: string[] = [];
    adapter.onTotpNeeded((reason) => asked.push(reason));
    return { clock, rig, adapter, asked };
  }

  /** Starts a sign-in and waits until it asks for a code; `signingIn` settles with the sign-in (an error is its value). */
  async function signInUntilAsked(port: ProfileSession, asked: string[]): Promise<{ signingIn: Promise<unknown> }> {
    const signingIn = port.signIn().catch((e: unknown) => e);
    for (let i = 0; i < 50 && asked.length === 0; i++) await flushEventLoop();
    expect(port.snapshot()).toMatchObject({ state: 'signing-in', needsTotp: true });
    return { signingIn };
  }

  it('answers a wrong code at once with the refusal, then takes the next code', async () => {
    const { clock, rig, adapter, asked } = await setUp();
    const { signingIn } = await signInUntilAsked(adapter, asked);

    const refused = await promptly(adapter.submitTotp(wrongCode(SECRET, clock.now())).catch((e: unknown) => e));
    expect(refused).toMatchObject({ name: 'DeskFailure', kind: 'validation' });
    expect((refused as Error).message).toMatch(/refused this code \(The security code is invalid\)/);
    expect(refused).toMatchObject({ deskError: { fieldErrors: { code: [expect.stringContaining('security code is invalid')] } } });
    // Still asking, and saying why.
    expect(asked).toEqual(['sign-in', 'rejected']);
    expect(adapter.snapshot()).toMatchObject({ state: 'signing-in', needsTotp: true });

    await promptly(adapter.submitTotp(totpCode(SECRET, clock.now())));
    expect(adapter.snapshot()).toMatchObject({ state: 'active', needsTotp: false, error: null });
    expect(await promptly(signingIn)).toBeUndefined();
    expect(rig.loginAttempts.map((a) => a.accepted)).toEqual([false, true]);
  });

  it('while the code is awaited, API calls and another sign-in fail at once with a clear reason', async () => {
    const { clock, adapter, asked } = await setUp();
    const { signingIn } = await signInUntilAsked(adapter, asked);

    const read = await promptly(adapter.api.pairs().catch((e: unknown) => e));
    expect(read).toMatchObject({ name: 'SessionError', message: expect.stringContaining('waiting for the authenticator code') });
    await expect(promptly(adapter.signIn())).rejects.toThrow(/waiting for the authenticator code/);
    expect(asked).toEqual(['sign-in']);

    await promptly(adapter.submitTotp(totpCode(SECRET, clock.now())));
    await promptly(signingIn);
    expect(await adapter.api.pairs()).toEqual(['btceur']);
  });

  it('signing out while the code is awaited ("Later") leaves a state from which signing in works', async () => {
    const { clock, adapter, asked } = await setUp();
    const { signingIn: abandoned } = await signInUntilAsked(adapter, asked);
    await promptly(adapter.signOut());
    expect(adapter.snapshot()).toMatchObject({ state: 'signed-out', needsTotp: false });
    expect(await promptly(abandoned)).toBeInstanceOf(Error);
    await expect(promptly(adapter.submitTotp(totpCode(SECRET, clock.now())))).rejects.toMatchObject({ kind: 'validation' });

    asked.length = 0;
    const { signingIn: again } = await signInUntilAsked(adapter, asked);
    expect(asked).toEqual(['sign-in']);
    await promptly(adapter.submitTotp(totpCode(SECRET, clock.now())));
    expect(await promptly(again)).toBeUndefined();
    expect(adapter.snapshot().state).toBe('active');
  });
});
