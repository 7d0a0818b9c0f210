// The command palette (Ctrl+K): the dialog, its combobox and the listbox of
// options in sections, and the message about the last action it ran.
import { expect, type Locator, type Page } from '@playwright/test';

export type PaletteSection = 'Users' | 'Screens' | 'Actions';

export class PalettePage {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly list: Locator;
  /** The highlighted option (aria-selected), the one Enter runs. */
  readonly active: Locator;
  /** Closes the message about the last action the palette ran. */
  readonly dismiss: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Command palette' });
    this.input = this.dialog.getByRole('combobox', { name: 'Search users, screens and actions' });
    this.list = this.dialog.getByRole('listbox', { name: 'Users, screens and actions' });
    this.active = this.list.getByRole('option', { selected: true });
    this.dismiss = page.getByRole('button', { name: 'Dismiss message' });
  }

  section(name: PaletteSection): Locator {
    return this.list.getByRole('group', { name, exact: true });
  }

  option(name: string | RegExp): Locator {
    return this.list.getByRole('option', typeof name === 'string' ? { name, exact: true } : { name });
  }

  /** Opens it with Ctrl+K, wherever focus is; the text box has focus. */
  async open(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await expect(this.dialog).toBeVisible();
    await expect(this.input).toBeFocused();
  }

  /** Types a query and waits until the highlighted option is the expected one. */
  async search(query: string, expectActive: string | RegExp): Promise<void> {
    await this.input.fill(query);
    await expect(this.active).toHaveAccessibleName(expectActive);
  }

  /** The highlighted option is the one aria-activedescendant names. */
  async expectActiveDescendant(): Promise<void> {
    const id = await this.active.getAttribute('id');
    expect(id).toBeTruthy();
    await expect(this.input).toHaveAttribute('aria-activedescendant', id!);
  }
}
