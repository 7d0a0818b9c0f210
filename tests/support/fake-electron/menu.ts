// The fake Menu: buildFromTemplate keeps the template as items (roles, labels,
// accelerators, click handlers); setApplicationMenu records the one shown.
import type { Menu, MenuItemConstructorOptions } from 'electron';

type Template = Parameters<typeof Menu.buildFromTemplate>[0];

export class FakeMenu {
  constructor(readonly items: MenuItemConstructorOptions[]) {}

  /** Every item, submenus included, depth first. */
  flatten(): MenuItemConstructorOptions[] {
    const all: MenuItemConstructorOptions[] = [];
    const walk = (items: MenuItemConstructorOptions[]) => {
      for (const item of items) {
        all.push(item);
        if (Array.isArray(item.submenu)) walk(item.submenu);
      }
    };
    walk(this.items);
    return all;
  }
}

export class FakeMenuModule {
  applicationMenu: FakeMenu | null = null;

  buildFromTemplate = (template: Template): Menu => {
    // A MenuItem instance in the template: only options objects are used by the desk.
    return new FakeMenu(template as MenuItemConstructorOptions[]) as unknown as Menu;
  };

  setApplicationMenu = (menu: Menu | null): void => {
    this.applicationMenu = menu as unknown as FakeMenu | null;
  };
}
