// Users: the directory, open by id and the create form.
import { expect, type Locator, type Page } from '@playwright/test';

export interface NewUser {
  email: string;
  name: string;
  surname: string;
  phone: string;
}

export class UsersPage {
  readonly search: Locator;
  readonly table: Locator;
  readonly userId: Locator;
  readonly openUserButton: Locator;
  readonly createButton: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByRole('searchbox', { name: 'Search users' });
    this.table = page.getByRole('table', { name: 'Users' });
    this.userId = page.getByRole('textbox', { name: 'User ID' });
    this.openUserButton = page.getByRole('button', { name: 'Open user' });
    this.createButton = page.getByRole('button', { name: 'Create user' });
  }

  field(label: 'Email' | 'Name' | 'Surname' | 'Phone'): Locator {
    return this.page.getByRole('region', { name: 'Create user' }).getByLabel(label, { exact: true });
  }

  async open(userId: number): Promise<void> {
    await this.userId.fill(String(userId));
    await this.openUserButton.click();
    await expect(this.page).toHaveURL(new RegExp(`#/users/${userId}$`));
  }

  async create(user: NewUser): Promise<void> {
    await this.field('Email').fill(user.email);
    await this.field('Name').fill(user.name);
    await this.field('Surname').fill(user.surname);
    await this.field('Phone').fill(user.phone);
    await this.createButton.click();
  }
}
