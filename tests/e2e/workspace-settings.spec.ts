// Settings → Workspace (issue 12): a Solo desk is given a dev cluster's operator,
// Test connection names the operator, Switch moves the desk to the Team workspace
// and the status bar says so; the form is axe-clean in both themes and narrow.
import AxeBuilder from '@axe-core/playwright';
import pg from 'pg';
import type { Page } from '@playwright/test';
import { startDevCluster, type DevCluster } from '../../main/team-admin/dev-cluster';
import { initTeamDb } from '../../main/store/postgres/migrate';
import { createOperator } from '../../main/team-admin/operators';
import { findPostgresBinDir } from '../../main/team-admin/pg-binaries';
import { screens } from './pages';
import { WorkspaceSection } from './pages/workspace-section';
import { expect, test } from './support/fixtures';
import { skipWithReason } from './support/skip';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const OPERATOR = 'e2e_alice';
const PASSWORD = 'e2e-alice-pw-0123456789';

async function expectAxeClean(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

let cluster: DevCluster | null = null;

test.beforeAll(async () => {
  if (findPostgresBinDir() === null) return;
  test.setTimeout(120_000);
  cluster = await startDevCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    await initTeamDb(admin);
    await createOperator(admin, { name: OPERATOR, role: 'operator', password: PASSWORD });
  } finally {
    await admin.end();
  }
});

test.afterAll(async () => {
  await cluster?.stop();
});

test('Settings → Workspace: test a dev cluster operator, switch, and the status bar says Team', async ({ desk }) => {
  skipWithReason(cluster === null, 'no PostgreSQL server programs (initdb, pg_ctl) on this machine; scripts/system-deps.sh installs them');
  const { page } = desk;
  const s = screens(page);
  const ws = new WorkspaceSection(page);
  await s.shell.ready();
  await expect(page.getByTestId('workspace-state')).toHaveText('Solo workspace');
  await s.shell.go('Settings');
  await expect(ws.solo).toBeChecked();
  await ws.team.check();

  // Another machine starts at verify-full, the CA file optional (the CAs this computer trusts).
  await ws.host.fill('db.example.com');
  await expect(ws.tlsMode).toHaveValue('verify-full');
  await expect(ws.caFile).toHaveValue('');
  await expect(ws.caFile).toHaveAccessibleDescription(
    /Leave it empty when the server’s certificate comes from a certificate authority this computer already trusts/,
  );
  // require is allowed, with a warning beside the field saying what it risks.
  await ws.tlsMode.selectOption('require');
  await expect(ws.tlsMode).toHaveAccessibleDescription(
    /does not check who answers: anyone between this desk and the server could pretend to be it and receive your database password/,
  );
  await expect(ws.caFile).toBeHidden();
  await ws.password.scrollIntoViewIfNeeded();
  await desk.snapshot('settings-workspace-require-warning');
  await expectAxeClean(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await desk.snapshot('settings-workspace-require-warning-dark');
  await expectAxeClean(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 800, height: 900 });
  await ws.password.scrollIntoViewIfNeeded();
  await desk.snapshot('settings-workspace-require-warning-narrow');
  await page.setViewportSize({ width: 1440, height: 900 });
  // The mode the operator picked stays when the host changes; on this machine the warning goes.
  await ws.host.fill('localhost');
  await expect(ws.tlsMode).toHaveValue('require');
  await expect(ws.tlsMode).not.toHaveAccessibleDescription(/receive your database password/);
  await ws.host.fill('db.example.com');
  // Switch says it once more, at the last step before the password goes.
  await ws.user.fill(OPERATOR);
  await ws.password.fill('any-password-1');
  await ws.switchToTeam.click();
  const risky = page.getByRole('dialog', { name: 'Switch to the Team workspace?' });
  await expect(risky.getByTestId('workspace-switch-tls-warning')).toContainText(
    'could pretend to be it and receive your database password',
  );
  await expectAxeClean(page);
  await risky.getByRole('button', { name: 'Cancel' }).click();
  await expect(risky).toBeHidden();

  // A field the rules refuse is said beside it before anything is sent.
  await ws.tlsMode.selectOption('disable');
  await ws.test.click();
  await expect(ws.tlsMode).toHaveAccessibleDescription(/only for 127\.0\.0\.1, ::1 or localhost/);

  await ws.host.fill('127.0.0.1');
  await ws.port.fill(String(cluster!.port));
  await ws.user.fill(OPERATOR);
  await ws.password.fill('not-the-password-1');
  await ws.test.click();
  await expect(ws.password).toHaveAccessibleDescription(/Wrong password, or no such login\./);
  await ws.password.scrollIntoViewIfNeeded();
  await desk.snapshot('settings-workspace-wrong-password');
  await ws.password.fill(PASSWORD);
  await ws.test.click();
  await expect(ws.result).toContainText(`as ${OPERATOR} (desk_operator)`);
  await ws.result.scrollIntoViewIfNeeded();
  await desk.snapshot('settings-workspace-tested');
  await expectAxeClean(page);

  // Both themes, and a narrow window.
  await s.settings.theme.selectOption('dark');
  await expect(ws.result).toBeVisible();
  await desk.snapshot('settings-workspace-tested-dark');
  await expectAxeClean(page);
  await page.setViewportSize({ width: 760, height: 900 });
  await desk.snapshot('settings-workspace-narrow-dark');
  await expectAxeClean(page);
  await s.settings.theme.selectOption('light');
  await desk.snapshot('settings-workspace-narrow-light');
  await page.setViewportSize({ width: 1440, height: 900 });

  await ws.switchToTeam.click();
  const dialog = page.getByRole('dialog', { name: 'Switch to the Team workspace?' });
  await expect(dialog).toContainText(`${OPERATOR}@127.0.0.1:${cluster!.port}/kriptomat_desk`);
  await desk.snapshot('settings-workspace-switch-dialog');
  await expectAxeClean(page);
  await dialog.getByRole('button', { name: 'Switch to Team' }).click();

  // The page reloads on the Team workspace.
  await expect(page.getByTestId('workspace-state')).toHaveText(`Team workspace · ${OPERATOR}`, { timeout: 30_000 });
  await expect(s.shell.sessionState).toHaveText('Signed in');
  await s.shell.go('Settings');
  await expect(page.getByTestId('workspace-active')).toHaveText('Team workspace');
  await expect(ws.team).toBeChecked();
  await expect(ws.section.getByText('Stored in the keychain')).toBeVisible();
  await expect(ws.password).toHaveValue('');
  await expect(page.locator('body')).not.toContainText(PASSWORD);
  await ws.test.scrollIntoViewIfNeeded();
  await desk.snapshot('settings-workspace-team');
  await expectAxeClean(page);
});

test.describe('a desk started with --team-db', () => {
  const closedPort = 20_000 + Math.floor(Math.random() * 12_000);
  test.use({ deskArgs: ['--team-db', `postgresql://alice:s3cret-flag-pw@127.0.0.1:${closedPort}/kriptomat_desk`] });

  test('Settings → Workspace says the launch flag is in effect and offers no Switch', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    const ws = new WorkspaceSection(page);
    await s.shell.ready();
    await s.shell.go('Settings');
    await expect(page.getByTestId('workspace-active')).toHaveText('Team workspace');
    await expect(page.getByTestId('workspace-launch-flag')).toContainText('started with --team-db');
    await expect(ws.section.getByRole('button', { name: /^Switch to/ })).toBeDisabled();
    await ws.team.check();
    await expect(ws.switchToTeam).toBeDisabled();
    await expect(page.locator('body')).not.toContainText('s3cret-flag-pw');
    await expectAxeClean(page);
  });
});
