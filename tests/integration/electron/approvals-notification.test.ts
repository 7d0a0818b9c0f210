// The installed app tells an approver that a proposal awaits them: the built main
// process under the fake electron module, as an approver on a team database, while
// another desk (an admin, in-process) sets a rule and proposes a buy over it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeskResult } from '../../../shared/desk-api';
import { eventually, freshNamespace } from '../services/harness';
import { TEAM_PROFILE_NAME, nextTotpStep, useOneTeamDesk } from '../team/desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, noPostgres } from '../team/support';
import type { FakeElectron } from '../../support/fake-electron';
import { loadMain, until } from '../../support/fake-electron/load-main';

type Call = (input?: unknown) => Promise<DeskResult<unknown>>;
type Bridge = Record<string, Record<string, Call>>;

describe.skipIf(noPostgres)('approval notifications in the Electron app', () => {
  // Desk A: a desk admin, who may set rules and propose.
  const t = useOneTeamDesk('alice', 'admin');
  let fake: FakeElectron;
  let dir: string;
  const logLines: string[] = [];
  const errorLines: string[] = [];
  const bridge = () => fake.windows[0]!.webContents.page!.exposed['desk'] as Bridge;
  const call = async (area: string, method: string, input: unknown = {}) => {
    const result = await bridge()[area]![method]!(input);
    if (!result.ok) throw new Error(`${area}.${method}: ${result.error.message}`);
    return result.value;
  };

  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logLines.push(args.map(String).join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errorLines.push(args.map(String).join(' ')));
    const approver = await addLogin(t.cluster, t.adminUrl, 'dave', 'approver');
    dir = mkdtempSync(join(tmpdir(), 'electron-approver-'));
    fake = await loadMain({
      args: ['--user-data', dir, '--keychain-namespace', freshNamespace(), '--team-db', approver.url],
      userData: dir,
    });
    fake.app.becomeReady();
    await until(
      '"Desk ready at" or an exit',
      () => logLines.some((l) => l.startsWith('Desk ready at ')) || fake.app.exitCode !== undefined,
      60_000,
    );
    if (fake.app.exitCode !== undefined) throw new Error(`The app exited at start: ${errorLines.join('\n')}`);
    // The approver's desk on the same environment as desk A, signed in there.
    const { partner } = t.sandbox;
    const profile = (await call('profiles', 'addCustom', { name: TEAM_PROFILE_NAME, baseUrl: t.sandbox.url })) as { id: string };
    await call('profiles', 'saveCredentials', {
      profileId: profile.id,
      email: partner.email,
      clientId: partner.client_id,
      password: partner.password,
      clientSecret: partner.client_secret,
      totpSecret: partner.totp_secret,
    });
    await nextTotpStep(t.sandbox);
    await call('profiles', 'select', { profileId: profile.id });
    await eventually(async () => ((await call('session', 'status')) as { state: string }).state === 'active', 20_000);
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    if (fake && fake.app.exitCode === undefined) {
      fake.app.quit();
      await until('the app to quit', () => fake.app.exitCode !== undefined, 10_000).catch(() => undefined);
    }
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, CLUSTER_TIMEOUT_MS);

  it('shows "1 proposal awaits your approval" when a buy over the rule waits', async () => {
    await t.h.call('policy.update', {
      saveRules: [
        {
          action: 'buy',
          thresholdEur: '100.00',
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: 86_400,
          enabled: true,
          position: 0,
        },
      ],
    });
    expect(fake.notifications.filter((n) => n.title === 'Approvals')).toEqual([]);
    const placed = await t.h.call('orders.place', { profileId: t.profileId, userId: 1, side: 'buy', pair: 'btceur', amount: '150.00' });
    expect(placed.state).toBe('awaiting_approval');
    await until('the approvals notification', () => fake.notifications.some((n) => n.title === 'Approvals'), 15_000);
    expect(fake.notifications.filter((n) => n.title === 'Approvals')).toEqual([
      { title: 'Approvals', body: '1 proposal awaits your approval' },
    ]);
  });
});
