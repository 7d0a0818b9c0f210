// The application menu: the usual roles plus the desk's own actions. The page
// owns its keyboard shortcuts (they work in the harness too), so the menu shows
// the accelerators without registering them and, when clicked, sends the same key.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

interface DeskAction {
  label: string;
  accelerator: string;
  keyCode: string;
  modifiers: Array<'control' | 'alt' | 'shift' | 'meta'>;
}

/** Kept in step with the renderer's shortcuts (renderer/src/shortcuts). */
export const DESK_ACTIONS: DeskAction[] = [
  { label: 'New Order Ticket', accelerator: 'Alt+T', keyCode: 't', modifiers: ['alt'] },
  { label: 'Users', accelerator: 'Alt+U', keyCode: 'u', modifiers: ['alt'] },
  { label: 'Rates', accelerator: 'Alt+R', keyCode: 'r', modifiers: ['alt'] },
  { label: 'Transactions', accelerator: 'Alt+X', keyCode: 'x', modifiers: ['alt'] },
];

export function buildMenu(getWindow: () => BrowserWindow | undefined, isMac: boolean): Menu {
  const send = (action: DeskAction) => () => {
    const contents = getWindow()?.webContents;
    if (!contents) return;
    contents.sendInputEvent({ type: 'keyDown', keyCode: action.keyCode, modifiers: action.modifiers });
    contents.sendInputEvent({ type: 'keyUp', keyCode: action.keyCode, modifiers: action.modifiers });
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Desk',
      submenu: DESK_ACTIONS.map((action) => ({
        label: action.label,
        accelerator: action.accelerator,
        registerAccelerator: false,
        click: send(action),
      })),
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
