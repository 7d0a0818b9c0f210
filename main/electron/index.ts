// Electron app lifecycle only: single instance, the window, IPC wiring,
// notifications and a clean logout on quit. Everything else is in the services.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Menu, Notification, app, session, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { eventChannel, type DeskEvents } from '../../shared/desk-api';
import { NEEDS_REVIEW, isFinalOrderState, isSuccessfulOrderState } from '../../shared/order-states';
import { createDesk } from '../desk/desk';
import type { Desk } from '../desk/host';
import { toDeskError } from '../errors';
import { bindElectronIpc, createDispatcher } from '../ipc';
import { parseLaunchOptions } from '../desk/launch-options';
import { APP_USER_MODEL_ID } from './app-identity';
import { buildMenu } from './menu';
import { createDeskWindow, hardenSession, rendererUrl } from './window';

const isDevelopment = !app.isPackaged;
const options = parseLaunchOptions(process.argv.slice(1));
if (options.userDataDir) {
  // As in the harness: a relative directory is taken from the working directory, and
  // made if missing. Electron's setPath throws on a relative or missing directory,
  // which would stop the app before its first line of output.
  const userDataDir = resolve(options.userDataDir);
  mkdirSync(userDataDir, { recursive: true, mode: 0o700 });
  app.setPath('userData', userDataDir);
}
// Windows only (the method exists nowhere else): notifications are attributed by this id.
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

let mainWindow: BrowserWindow | undefined;
let desk: Desk | undefined;
let pageUrl = '';

/** Only the desk's own page in its own window may call the bridge. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frameUrl = event.senderFrame?.url ?? '';
  return event.sender === mainWindow?.webContents && event.senderFrame?.parent === null && frameUrl.split('#')[0] === pageUrl.split('#')[0];
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, (url) => pageUrl !== '' && url.split('#')[0] === pageUrl.split('#')[0]);
  const userDataDir = app.getPath('userData');
  const core = await createDesk({ ...options, userDataDir });
  desk = core;
  const dispatch = createDispatcher(core.handlers, toDeskError);
  await bindElectronIpc(dispatch, isTrustedSender);

  let pendingApprovals = 0;
  core.events.subscribe((name, payload) => {
    mainWindow?.webContents.send(eventChannel, name, payload);
    if (name === 'approvals.changed') {
      const { pending, awaitingYou } = payload as DeskEvents['approvals.changed'];
      const rose = pending > pendingApprovals;
      pendingApprovals = pending;
      // Only on a desk whose login may decide on them: the event says how many (own proposals, roles).
      if (rose && awaitingYou > 0 && Notification.isSupported()) {
        new Notification({
          title: 'Approvals',
          body: `${awaitingYou} ${awaitingYou === 1 ? 'proposal awaits' : 'proposals await'} your approval`,
        }).show();
      }
    }
    if (name === 'orders.updated') {
      const order = payload as { kind: string; amount: string; state: string; transactionId: number | null };
      const needsReview = order.state === NEEDS_REVIEW;
      if ((needsReview || isFinalOrderState(order.state)) && Notification.isSupported()) {
        new Notification({
          title: needsReview ? 'Order needs review' : `Order ${isSuccessfulOrderState(order.state) ? 'settled' : 'failed'}`,
          body: `${order.kind} ${order.amount}${order.transactionId ? ` — transaction ${order.transactionId}` : ''}`,
        }).show();
      }
    }
  });

  pageUrl = rendererUrl(join(import.meta.dirname, '..'), isDevelopment ? process.env['ELECTRON_RENDERER_URL'] : undefined);
  Menu.setApplicationMenu(buildMenu(() => mainWindow, process.platform === 'darwin'));
  mainWindow = createDeskWindow({
    userDataDir,
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    pageUrl,
    isDevelopment,
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  // The same explicit ready signal as the browser harness: tests wait for this line.
  const loaded = new Promise<void>((resolveLoaded) => mainWindow?.webContents.once('did-finish-load', () => resolveLoaded()));
  await Promise.all([core.ready, loaded]);
  console.log(`Desk ready at ${pageUrl}`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error(`Kriptomat Desk could not start: ${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());

  // Log out cleanly before quitting: the token is revoked, pollers stop, the store closes.
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !desk) return;
    event.preventDefault();
    disposed = true;
    void desk.dispose().finally(() => app.quit());
  });
}
