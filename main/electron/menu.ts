// The application menu: the usual roles plus the desk's own actions. The page
// owns its keyboard shortcuts (they work in the harness too), so the menu shows
// the accelerators without registering them and, when clicked, sends the same key.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { deskScreens } from '../../shared/screens';

type Modifier = 'control' | 'alt' | 'shift' | 'meta';

interface DeskAction {
  label: string;
  accelerator: string;
  keyCode: string;
  modifiers: Modifier[];
  /** The keys sent on macOS when they differ (Cmd instead of Ctrl). */
  macModifiers?: Modifier[];
}

/** Kept in step with the renderer's shortcuts (renderer/src/hooks/use-shortcuts.ts). */
const SCREENS = deskScreens.map((s) => s.label);
export const DESK_ACTIONS: DeskAction[] = [
  { label: 'Command Palette…', accelerator: 'CmdOrCtrl+K', keyCode: 'K', modifiers: ['control'], macModifiers: ['meta'] },
  { label: 'New Order Ticket', accelerator: 'Alt+T', keyCode: 'T', modifiers: ['alt'] },
  { label: 'Buy Side', accelerator: 'Alt+B', keyCode: 'B', modifiers: ['alt'] },
  { label: 'Sell Side', accelerator: 'Alt+S', keyCode: 'S', modifiers: ['alt'] },
  ...SCREENS.map((label, i) => ({ label, accelerator: `Alt+${i + 1}`, keyCode: String(i + 1), modifiers: ['alt' as const] })),
];

export function buildMenu(getWindow: () => BrowserWindow | undefined, isMac: boolean): Menu {
  const send = (action: DeskAction) => () => {
    const contents = getWindow()?.webContents;
    if (!contents) return;
    const modifiers = isMac && action.macModifiers ? action.macModifiers : action.modifiers;
    contents.sendInputEvent({ type: 'keyDown', keyCode: action.keyCode, modifiers });
    contents.sendInputEvent({ type: 'keyUp', keyCode: action.keyCode, modifiers });
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
