// The frame around every screen: the main navigation and the status bar.
import { expect, type Locator, type Page } from '@playwright/test';

export type ScreenLink =
  'Environments' | 'Users' | 'Trade' | 'Rates' | 'Treasury' | 'Transactions' | 'Audit log' | 'Approvals' | 'Settings';

export class Shell {
  readonly nav: Locator;
  readonly statusBar: Locator;
  readonly environment: Locator;
  readonly sessionState: Locator;
  readonly timeLeft: Locator;
  readonly lastRenewal: Locator;
  /** The status bar's sign of a running (or failed) transaction sync, a link to Transactions. */
  readonly syncIndicator: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
    this.environment = this.statusBar.getByTestId('environment');
    this.sessionState = this.statusBar.getByTestId('session-state');
    this.timeLeft = this.statusBar.getByTestId('session-time-left');
    this.lastRenewal = this.statusBar.getByText(/^Last renewal /);
    this.syncIndicator = this.statusBar.getByRole('link', { name: /^(Syncing transactions|Transaction sync failed)/ });
  }

  /** The first session load has finished and the navigation is on screen. */
  async ready(): Promise<void> {
    await expect(this.page.locator('html[data-desk-ready="true"]')).toBeAttached();
    await expect(this.nav).toBeVisible();
  }

  /** Goes to a screen through the sidebar and waits for its heading. */
  async go(screen: ScreenLink): Promise<void> {
    // Approvals carries its pending count in its name ("Approvals, 2 pending").
    const name = screen === 'Approvals' ? /^Approvals(, \d+ pending)?$/ : screen;
    await this.nav.getByRole('link', { name, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: screen, exact: true })).toBeVisible();
  }

  /** Deep link to one user's screen (#/users/{id}). */
  async openUser(userId: number): Promise<void> {
    await this.page.evaluate((id) => {
      window.location.hash = `#/users/${id}`;
    }, userId);
  }

  /** Seconds left on the session as the status bar shows them ("Expires in m:ss" / "h:mm:ss"). */
  async secondsLeft(): Promise<number | null> {
    const text = (await this.timeLeft.textContent({ timeout: 1000 }).catch(() => null)) ?? '';
    const match = /Expires in (?:(\d+):)?(\d+):(\d\d)/.exec(text);
    if (!match) return null;
    return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  }
}
