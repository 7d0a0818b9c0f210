// Settings → Workspace, found by role and name as an operator (or a screen reader) would.
import type { Locator, Page } from '@playwright/test';

export class WorkspaceSection {
  readonly section: Locator;
  readonly solo: Locator;
  readonly team: Locator;
  readonly host: Locator;
  readonly port: Locator;
  readonly database: Locator;
  readonly user: Locator;
  readonly tlsMode: Locator;
  readonly caFile: Locator;
  readonly password: Locator;
  readonly test: Locator;
  readonly switchToTeam: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Workspace' });
    this.solo = this.section.getByRole('radio', { name: 'Solo' });
    this.team = this.section.getByRole('radio', { name: 'Team' });
    this.host = this.section.getByRole('textbox', { name: 'Host' });
    this.port = this.section.getByRole('textbox', { name: 'Port' });
    this.database = this.section.getByRole('textbox', { name: 'Database' });
    this.user = this.section.getByRole('textbox', { name: 'User' });
    this.tlsMode = this.section.getByRole('combobox', { name: 'TLS mode' });
    this.caFile = this.section.getByRole('textbox', { name: 'CA file (PEM, optional)' });
    this.password = this.section.getByLabel('Password', { exact: true });
    this.test = this.section.getByRole('button', { name: 'Test connection' });
    this.switchToTeam = this.section.getByRole('button', { name: 'Switch to Team…' });
    this.result = this.section.getByRole('status');
  }
}
