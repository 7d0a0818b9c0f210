// A team desk's screens against a real PostgreSQL started here: the Audit
// screen's "Verify audit trail" checks the team's hash chain, shows another desk's
// entries as they are written and names a row a superuser rewrote (on a Solo desk
// it is disabled, saying the desk's own trail has no chain); Settings shows the team's per-order
// limit and who set it, and an operator who changes it is refused.
import { AUDIT_NOT_CHAINED_WORDS } from '../../shared/audit-actions';
import { environmentKey } from '../../main/store/postgres/environment';
import { openTeamStore } from '../../main/store/postgres/team-store';
import { screens } from './pages';
import { axeViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { startOnSharedProfile, useTeamCluster, type TeamLogin } from './support/team-cluster';
import { withClient } from '../integration/team/support';

test('on a Solo desk, Verify audit trail is disabled, saying why, and no check is recorded', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await s.shell.go('Audit log');
  await expect(s.audit.verify).toBeDisabled();
  await expect(s.audit.verify).toHaveAccessibleDescription(AUDIT_NOT_CHAINED_WORDS);
  await expect(page.getByText(AUDIT_NOT_CHAINED_WORDS)).toBeVisible();
  await expect(s.audit.table.locator('tbody tr').filter({ hasText: 'Verify audit trail' })).toHaveCount(0);
});
test.describe('a team desk', () => {
  /** alice signs the desk in, bob writes from "another desk". */
  const bob: TeamLogin = { name: 'bob_e2e', role: 'operator', password: 'pw-bob-e2e-0123456789' };
  const team = useTeamCluster([{ name: 'alice_e2e', role: 'operator', password: 'pw-alice-e2e-0123456789' }, bob]);

  test("verifies the team chain, shows another desk's entry live, and names a row a superuser changed", async ({ desk }) => {
    // A shared environment: a custom profile on this desk's sandbox (the Local sandbox never uses the team database).
    const { page, s, baseUrl, clientId } = await startOnSharedProfile(desk);

    await s.shell.go('Audit log');
    await s.audit.verify.click();
    await expect(s.audit.verification).toContainText('Audit trail intact');
    await expect(s.audit.verification).toContainText(/Head hash .*[0-9a-f]{64}/);
    await page.emulateMedia({ colorScheme: 'dark' });
    await desk.snapshot('audit-verify-intact-dark');
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // Another desk (bob) writes to the trail: it shows here without a refresh.
    const other = openTeamStore(team.urlFor(bob));
    let written: number;
    try {
      const key = await other.registerEnvironment(baseUrl, clientId);
      expect(key).toBe(environmentKey(baseUrl, clientId));
      written = (
        await other.appendAudit({
          environment: key,
          osUser: 'elsewhere',
          action: 'user.update',
          summary: 'Another desk updated user 10',
          outcome: 'ok',
        })
      ).id;
    } finally {
      await other.close();
    }
    const row = s.audit.table.locator('tbody tr').filter({ hasText: 'Another desk updated user 10' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('bob_e2e');

    // A superuser rewrites that row with the append-only triggers switched off.
    await withClient(team.cluster.url, async (c) => {
      await c.query('SET session_replication_role = replica');
      await c.query("UPDATE desk.audit_log SET summary = 'Nothing happened' WHERE id = $1", [written]);
    });
    await s.audit.verify.click();
    await expect(s.audit.verification).toContainText(`Audit trail broken at row ${written}`);
    await expect(s.audit.verification).toContainText(`Audit row ${written} was changed after it was written`);
    await desk.snapshot('audit-verify-broken');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 760, height: 900 });
    await desk.snapshot('audit-verify-broken-narrow');
  });

  test("Settings shows the team's per-order limit and who set it; an operator who changes it is refused", async ({ desk }) => {
    const { page, s, baseUrl, clientId } = await startOnSharedProfile(desk);
    // The team's admin (here the superuser) sets 100.00 for this environment.
    await withClient(team.cluster.url, (c) =>
      c.query("INSERT INTO desk.policy (environment, per_order_limit_eur) VALUES ($1, '100.00')", [environmentKey(baseUrl, clientId)]),
    );
    await page.reload();
    await s.shell.ready();
    await s.shell.go('Settings');
    await expect(s.settings.limit).toHaveValue('100.00');
    await expect(s.settings.limit).toHaveAccessibleDescription(/The team's limit for this environment, set by postgres/);
    await s.settings.limit.fill('5000.00');
    await s.settings.save.click();
    await expect(page.getByRole('alert').filter({ hasText: "Only a desk admin may change the team's per-order limit" })).toBeVisible();
    await desk.snapshot('settings-team-limit-refused');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 760, height: 900 });
    await desk.snapshot('settings-team-limit-refused-narrow');
  });
});
