// One object per screen, built for a page: `const s = screens(page); await s.shell.go('Trade')`.
import type { Page } from '@playwright/test';
import { ApprovalsPage } from './approvals-page';
import { RatesPage, TreasuryPage } from './market-pages';
import { PalettePage } from './palette-page';
import { AuditPage, TransactionsPage } from './records-pages';
import { EnvironmentsPage, SettingsPage } from './settings-pages';
import { Shell } from './shell';
import { TradePage } from './trade-page';
import { UserPage } from './user-page';
import { UsersPage } from './users-page';

export function screens(page: Page) {
  return {
    shell: new Shell(page),
    environments: new EnvironmentsPage(page),
    users: new UsersPage(page),
    user: new UserPage(page),
    trade: new TradePage(page),
    rates: new RatesPage(page),
    treasury: new TreasuryPage(page),
    transactions: new TransactionsPage(page),
    audit: new AuditPage(page),
    approvals: new ApprovalsPage(page),
    settings: new SettingsPage(page),
    palette: new PalettePage(page),
  };
}

export type Screens = ReturnType<typeof screens>;
export {
  ApprovalsPage,
  AuditPage,
  EnvironmentsPage,
  PalettePage,
  RatesPage,
  SettingsPage,
  Shell,
  TradePage,
  TransactionsPage,
  TreasuryPage,
  UserPage,
  UsersPage,
};
