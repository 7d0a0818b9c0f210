// Issue 12: the status bar names the workspace, and a team database that cannot be
// reached is said in a banner (with what waits for it), never with its password;
// one that goes away mid-session and comes back shows and clears the banner by itself.
import AxeBuilder from '@axe-core/playwright';
import { withClient } from '../integration/team/support';
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { startOnSharedProfile, useTeamCluster } from './support/team-cluster';

test('a Solo desk says so in the status bar and shows no database banner', async ({ desk }) => {
  const s = screens(desk.page);
  await s.shell.ready();
  await expect(desk.page.getByTestId('workspace-state')).toHaveText('Solo workspace');
  await expect(desk.page.getByRole('alert').filter({ hasText: 'team database' })).toHaveCount(0);
});

test.describe('a Team desk whose database cannot be reached', () => {
  // Nothing listens on this port: the team database is away from the start.
  const closedPort = 20_000 + Math.floor(Math.random() * 12_000);
  test.use({ deskArgs: ['--team-db', `postgresql://alice:s3cret-pw@127.0.0.1:${closedPort}/kriptomat_desk`] });

  test('says so in a banner and in the status bar, and the Local sandbox still works', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    await s.shell.ready();
    const banner = page.getByRole('alert').filter({ hasText: 'The team database cannot be reached' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(`alice@127.0.0.1:${closedPort}/kriptomat_desk`);
    await expect(banner).toContainText('reading from Kriptomat still works');
    await expect(page.getByTestId('workspace-state')).toHaveText('Team workspace · database away');
    await expect(page.locator('body')).not.toContainText('s3cret-pw');
    // The Local sandbox never uses the team database: it signs in and trades as ever.
    await expect(s.shell.sessionState).toHaveText('Signed in');
    await desk.snapshot('workspace-database-away');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});

test.describe('a Team desk whose database goes away and comes back', () => {
  const team = useTeamCluster([{ name: 'dana_e2e', role: 'operator', password: 'pw-dana-e2e-0123456789' }]);

  test('the banner shows while it is away and goes when it is back; the status bar names the operator again', async ({ desk }) => {
    // A shared environment, so the desk keeps a live-update connection to the database.
    const { page } = await startOnSharedProfile(desk);
    const state = page.getByTestId('workspace-state');
    const banner = page.getByRole('alert').filter({ hasText: 'The team database cannot be reached' });
    await expect(state).toHaveText('Team workspace · dana_e2e');
    await expect(banner).toHaveCount(0);

    await team.cluster.pause();
    await expect(banner).toBeVisible();
    await expect(state).toHaveText('Team workspace · database away');
    await team.cluster.resume();
    await expect(banner).toHaveCount(0, { timeout: 20_000 });
    await expect(state).toHaveText('Team workspace · dana_e2e');
  });
});

test.describe('a Team desk whose login the admin disables while it works', () => {
  const login = { name: 'lena_e2e', role: 'operator', password: 'pw-lena-e2e-0123456789' } as const;
  const team = useTeamCluster([login]);
  /** As the superuser on the file's team database. */
  const admin = (sql: string): Promise<unknown> => withClient(team.cluster.url, (c) => c.query(sql));

  test('the banner says the login is refused and what to do, though the live connection stays; it goes once the login is accepted', async ({
    desk,
  }) => {
    const { page } = await startOnSharedProfile(desk);
    const state = page.getByTestId('workspace-state');
    await expect(state).toHaveText(`Team workspace · ${login.name}`);

    // The listener's connection (last statement LISTEN or its heartbeat) lives on; the pool's go, and new ones are refused.
    await admin(`ALTER ROLE ${login.name} NOLOGIN`);
    try {
      await admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${login.name}' AND NOT (query LIKE 'LISTEN %' OR query = 'SELECT 1')`,
      );
      const banner = page.getByRole('alert').filter({ hasText: 'The team database refuses this desk’s login' });
      // The next read of the team's directory needs a new connection (the first may still meet a closed one).
      await expect
        .poll(async () => {
          await deskCall(page, 'users.directory', {}).catch(() => undefined);
          return banner.isVisible();
        })
        .toBe(true);
      await expect(banner).toContainText('If the password was changed, enter the new one in Settings → Workspace');
      await expect(banner).toContainText(/refused the login: .*not permitted to log in/);
      await expect(state).toHaveText('Team workspace · login refused');
      await expect(page.locator('body')).not.toContainText(login.password);
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await desk.snapshot(`workspace-login-refused-${theme}`);
        const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      }
    } finally {
      await admin(`ALTER ROLE ${login.name} LOGIN`);
    }
    // The desk keeps asking while its pool failed last: the banner goes by itself.
    await expect(page.getByRole('alert').filter({ hasText: 'team database' })).toHaveCount(0, { timeout: 20_000 });
    await expect(state).toHaveText(`Team workspace · ${login.name}`);
  });
});
