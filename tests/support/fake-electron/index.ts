// A fake of the `electron` module, written from Electron's documented API for the
// version in package.json and typed against its own definitions (each fake
// implements a Pick<> of the real interface, so a renamed or misused API is a
// compile error). Only what the desk uses: app, BrowserWindow + webContents,
// session, ipcMain/ipcRenderer wired together, contextBridge, Menu, Notification,
// shell and screen. nativeTheme and dialog are left out: main does not import them
// (a bundle that starts to fails loudly: vitest names the missing export).
import type { NotificationConstructorOptions } from 'electron';
import { FakeApp } from './app';
import { FakeBrowserWindow, type WindowWorld } from './browser-window';
import { electronEvent } from './event';
import { FakeIpcMain } from './ipc';
import { FakeMenuModule } from './menu';
import { fakeNotificationClass } from './notification';
import { FakeSession } from './session';
import { FakeScreen, FakeShell } from './shell-screen';
import type { FakeWebContents, RendererElectron } from './web-contents';

export interface FakeElectronOptions {
  userData: string;
  lockHeldElsewhere?: boolean;
  /** Runs a preload in a page; set by the bundle loader. */
  runPreload?: (preloadPath: string, electron: RendererElectron) => void;
}

export function createFakeElectron(options: FakeElectronOptions) {
  const ipcMain = new FakeIpcMain();
  const shell = new FakeShell();
  const screen = new FakeScreen();
  const defaultSession = new FakeSession();
  const menu = new FakeMenuModule();
  const notifications: NotificationConstructorOptions[] = [];
  const allContents: FakeWebContents[] = [];

  const world: WindowWorld = {
    ipcMain,
    windows: [],
    runPreload: (path, electron) => {
      if (!options.runPreload) throw new Error('No preload runner was given to the fake.');
      options.runPreload(path, electron);
    },
    onCreated: (contents) => {
      allContents.push(contents);
      app.emit('web-contents-created', electronEvent({}), contents);
    },
    onAllClosed: () => {
      // After app.quit() Electron closes the windows without this event.
      if (!app.isQuitting) app.emit('window-all-closed');
    },
  };
  const app = new FakeApp({
    userData: options.userData,
    ...(options.lockHeldElsewhere !== undefined ? { lockHeldElsewhere: options.lockHeldElsewhere } : {}),
    closeAllWindows: () => {
      for (const window of [...world.windows]) window.close();
    },
  });

  class BrowserWindow extends FakeBrowserWindow {
    constructor(windowOptions?: ConstructorParameters<typeof FakeBrowserWindow>[1]) {
      super(world, windowOptions);
    }

    static getAllWindows(): FakeBrowserWindow[] {
      return [...world.windows];
    }
  }

  /** What `import … from 'electron'` gives the main process. */
  const mainModule = {
    app,
    BrowserWindow,
    ipcMain,
    Menu: menu,
    Notification: fakeNotificationClass(notifications),
    screen,
    session: { defaultSession },
    shell,
  };

  return { app, ipcMain, shell, screen, defaultSession, menu, notifications, windows: world.windows, allContents, mainModule };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type { FakeBrowserWindow } from './browser-window';
export type { FakePage, FakeWebContents } from './web-contents';
