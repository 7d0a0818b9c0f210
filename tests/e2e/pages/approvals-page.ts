// The Approvals screen (issue 13): the queue of proposals, each a region named for
// its order ("Buy BTC/EUR €20.00 for Ana Novak (#1)"), with Approve and Reject (and
// Withdraw for its proposer).
import { type Locator, type Page } from '@playwright/test';

export class ApprovalsPage {
  /** The navigation's link, whose name carries the pending count ("Approvals, 1 pending"). */
  readonly navLink: Locator;
  readonly pending: Locator;
  readonly decided: Locator;

  constructor(readonly page: Page) {
    this.navLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Approvals(, \d+ pending)?$/ });
    this.pending = page.getByRole('radio', { name: /^Pending \(\d+\)$/ });
    this.decided = page.getByRole('radio', { name: /^Decided \(\d+\)$/ });
  }

  /** A proposal's card by its title (the order and the user). */
  proposal(title: string | RegExp): Locator {
    return this.page.getByRole('main').getByRole('region', { name: title });
  }

  approve(card: Locator, orderWords: string, user: string): Locator {
    return card.getByRole('button', { name: `Approve ${orderWords} for ${user}`, exact: true });
  }

  reject(card: Locator, orderWords: string, user: string): Locator {
    return card.getByRole('button', { name: `Reject ${orderWords} for ${user}`, exact: true });
  }

  /** Only on its proposer's desk, while it awaits approval. */
  withdraw(card: Locator, orderWords: string, user: string): Locator {
    return card.getByRole('button', { name: `Withdraw your proposal: ${orderWords} for ${user}`, exact: true });
  }
}
