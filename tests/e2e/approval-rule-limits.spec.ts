// Settings → Policy on a team desk signed in as a desk admin: a rule the database
// allows but the old bridge did not (30 days to approve, a bank account added less
// than a year ago) is listed with its exact expiry, opens in the edit dialog as it
// is and is saved back without losing a second; the form refuses more than the
// database takes, and an expiry in minutes stays in minutes.
import { environmentKey } from '../../main/store/postgres/environment';
import { withClient } from '../integration/team/support';
import { axeViolations } from './support/axe';
import { expect, test } from './support/fixtures';
import { startOnSharedProfile, useTeamCluster } from './support/team-cluster';

const team = useTeamCluster([{ name: 'carol_e2e', role: 'admin', password: 'pw-carol-e2e-0123456789' }]);

interface RuleRow {
  new_account_hours: number | null;
  expiry_seconds: number;
  approvals_needed: number;
}

test('a 30-day rule set outside the desk is edited in Settings and keeps its expiry; minutes stay minutes', async ({ desk }) => {
  const { page, s, baseUrl, clientId } = await startOnSharedProfile(desk);
  // As the CLI or an administrator's SQL would: the longest the database allows.
  await withClient(team.cluster.url, (c) =>
    c.query(
      "INSERT INTO desk.approval_rules (environment, action, new_account_hours, approvals_needed, expiry_seconds) VALUES ($1, 'withdraw', 8760, 1, 2592000)",
      [environmentKey(baseUrl, clientId)],
    ),
  );
  const rule = async (): Promise<RuleRow> =>
    withClient(
      team.cluster.url,
      async (c) => (await c.query<RuleRow>('SELECT new_account_hours, expiry_seconds, approvals_needed FROM desk.approval_rules')).rows[0]!,
    );

  await page.reload();
  await s.shell.ready();
  await s.shell.go('Settings');
  const row = s.settings.rules.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Withdrawal', exact: true }) });
  await expect(row).toContainText('Added less than 8760 h ago');
  await expect(row).toContainText('30 days');

  await row.getByRole('button', { name: /^Edit rule: Withdrawal/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit approval rule' });
  const expiry = dialog.getByRole('textbox', { name: 'Expires after' });
  const unit = dialog.getByRole('combobox', { name: 'Expiry unit' });
  await expect(dialog.getByRole('textbox', { name: 'Bank account added less than (hours)' })).toHaveValue('8760');
  await expect(expiry).toHaveValue('30');
  await expect(unit).toHaveValue('days');
  await desk.snapshot('settings-rule-edit-30-days');
  expect(await axeViolations(page)).toEqual([]);

  // More than the database takes is said beside the field, and Save waits.
  await expiry.fill('31');
  await expect(expiry).toHaveAccessibleDescription(/up to 30 days/);
  await expect(dialog.getByRole('button', { name: 'Save rule' })).toBeDisabled();
  await page.setViewportSize({ width: 800, height: 900 });
  await desk.snapshot('settings-rule-edit-too-long-narrow');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Back to 30 days, one more approval: the expiry the database holds is kept to the second.
  await expiry.fill('30');
  await dialog.getByRole('combobox', { name: 'Approvals needed' }).selectOption('2');
  await dialog.getByRole('button', { name: 'Save rule' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('30 days');
  expect(await rule()).toEqual({ new_account_hours: 8760, expiry_seconds: 2_592_000, approvals_needed: 2 });

  // 90 minutes is saved as 90 minutes, not rounded to hours.
  await row.getByRole('button', { name: /^Edit rule: Withdrawal/ }).click();
  await expiry.fill('90');
  await unit.selectOption('minutes');
  await dialog.getByRole('button', { name: 'Save rule' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('90 minutes');
  expect((await rule()).expiry_seconds).toBe(5400);
  await row.getByRole('button', { name: /^Edit rule: Withdrawal/ }).click();
  await expect(expiry).toHaveValue('90');
  await expect(unit).toHaveValue('minutes');
  await page.emulateMedia({ colorScheme: 'dark' });
  await desk.snapshot('settings-rule-edit-minutes-dark');
  expect(await axeViolations(page)).toEqual([]);
});

test('a policy changed elsewhere shows in the open Settings without a reload: the team limit and who set it, and a new rule', async ({
  desk,
}) => {
  const { page, s, baseUrl, clientId } = await startOnSharedProfile(desk);
  const environment = environmentKey(baseUrl, clientId);
  await s.shell.go('Settings');
  const limit = page.getByRole('textbox', { name: 'Per-order limit (EUR)' });
  await expect(limit).toBeVisible();
  await expect(s.settings.rules.getByRole('rowheader', { name: 'Sell', exact: true })).toHaveCount(0);

  // Another admin, elsewhere (here the database's superuser, as the CLI would): a limit and a rule.
  await withClient(team.cluster.url, async (c) => {
    await c.query(
      'INSERT INTO desk.policy (environment, per_order_limit_eur) VALUES ($1, 250) ON CONFLICT (environment) DO UPDATE SET per_order_limit_eur = 250',
      [environment],
    );
    await c.query(
      "INSERT INTO desk.approval_rules (environment, action, threshold_eur, approvals_needed, expiry_seconds) VALUES ($1, 'sell', 5000, 1, 86400)",
      [environment],
    );
  });
  const { rows } = await withClient(team.cluster.url, (c) =>
    c.query<{ by: string }>('SELECT updated_by AS by FROM desk.policy WHERE environment = $1', [environment]),
  );
  await expect(limit).toHaveValue('250.00');
  await expect(limit).toHaveAccessibleDescription(new RegExp(`The team's limit for this environment, set by ${rows[0]!.by}`));
  await expect(s.settings.rules.getByRole('rowheader', { name: 'Sell', exact: true })).toBeVisible();

  // A value the operator is typing is theirs: a later change elsewhere does not overwrite it.
  await limit.fill('300');
  await withClient(team.cluster.url, (c) =>
    c.query('UPDATE desk.policy SET per_order_limit_eur = 260 WHERE environment = $1', [environment]),
  );
  await expect(limit).toHaveAccessibleDescription(/set by/);
  await page.waitForTimeout(1000);
  await expect(limit).toHaveValue('300');
});
