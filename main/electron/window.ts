// The hardened desk window: isolated, sandboxed, no Node in the page, no
// navigation away from the app, no new windows, no permissions, strict CSP.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, screen, shell, type Session } from 'electron';
import { isSafeExternalUrl } from './external-links';
import { DEFAULT_WINDOW_STATE, isVisibleOn, loadWindowState, saveWindowState } from './window-state';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

/** Opens allowed https links in the system browser; everything else is dropped. */
export function openExternalSafely(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

/**
 * Denies every permission but one: writing text to the clipboard (the copy buttons
 * of the deposit instructions), and only for the desk's own page.
 */
export function hardenSession(session: Session, isDeskPage: (url: string) => boolean): void {
  const allowed = (permission: string, url: string) => permission === 'clipboard-sanitized-write' && isDeskPage(url);
  session.setPermissionRequestHandler((webContents, permission, callback) => callback(allowed(permission, webContents.getURL())));
  session.setPermissionCheckHandler((webContents, permission) => allowed(permission, webContents?.getURL() ?? ''));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export interface DeskWindowOptions {
  userDataDir: string;
  preloadPath: string;
  /** file:// URL of the built renderer, or the dev server's URL in development. */
  pageUrl: string;
  isDevelopment: boolean;
}

export function createDeskWindow(options: DeskWindowOptions): BrowserWindow {
  const saved = loadWindowState(options.userDataDir);
  const visible =
    saved &&
    isVisibleOn(
      saved,
      screen.getAllDisplays().map((d) => d.workArea),
    );
  const window = new BrowserWindow({
    ...(visible && saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : DEFAULT_WINDOW_STATE),
    minWidth: 800,
    minHeight: 560,
    title: 'Kriptomat Desk',
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.isDevelopment,
    },
  });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  // The page is the app: any navigation elsewhere is refused outright. Its own
  // address stays open: window.location.reload() (after a workspace switch) is a
  // navigation the page starts, which Electron reports here too.
  const samePage = (url: string) => url.split('#')[0] === options.pageUrl.split('#')[0];
  window.webContents.on('will-navigate', (event) => {
    if (!samePage(event.url)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  const remember = () => {
    if (window.isDestroyed()) return;
    saveWindowState(options.userDataDir, { ...window.getNormalBounds(), maximized: window.isMaximized() });
  };
  window.on('close', remember);

  void window.loadURL(options.pageUrl);
  return window;
}

export function rendererUrl(outDir: string, devServerUrl: string | undefined): string {
  return devServerUrl ?? pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
}
