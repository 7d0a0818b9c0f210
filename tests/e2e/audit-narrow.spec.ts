// The Audit screen in a narrow window (760 px): its table scrolls sideways inside
// a region the keyboard can reach and a screen reader names, and axe finds
// nothing in either theme.
import { screens } from './pages';
import { axeViolations } from './support/axe';
import { expect, test } from './support/fixtures';

test('at 760 px the audit table scrolls in a named region the keyboard reaches; axe-clean in both themes', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await page.setViewportSize({ width: 760, height: 900 });
  await s.shell.go('Audit log');
  // The start-up sign-in is in the trail.
  await expect(s.audit.table.locator('tbody tr').first()).toBeVisible();

  const region = page.getByRole('region', { name: /Audit entries, scrolls sideways/ });
  await expect(region).toBeVisible();
  await expect(region.getByRole('table', { name: 'Audit entries' })).toBeVisible();
  // Reached with the keyboard, and arrow keys scroll it.
  await region.focus();
  await expect(region).toBeFocused();
  // At this width the table is wider than the screen: the region, not the page, scrolls.
  expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await desk.snapshot('audit-narrow-light');
  expect(await axeViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await desk.snapshot('audit-narrow-dark');
  expect(await axeViolations(page)).toEqual([]);
});
