// The built Electron app (out/main + out/preload) started under the fake electron
// module, end to end: the desk behind it is real (SQLite store, keychain, the
// Local sandbox), only Electron is faked. What the operators' installed app does
// at start, on the bridge, at the edges of the window, and when quitting.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KeyboardInputEvent, MenuItemConstructorOptions, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../../shared/content-security-policy';
import { channelOf, deskMethodNames, type DeskEvents } from '../../../shared/desk-api';
import { deskScreens } from '../../../shared/screens';
import { createDispatcher } from '../../../main/ipc';
import { toDeskError } from '../../../main/errors';
import { startHarness, type RunningHarness } from '../../../web/server/harness';
import { freshNamespace, startDesk, type DeskHarness } from '../services/harness';
import type { FakeElectron, FakePage } from '../../support/fake-electron';
import { loadMain, repoRoot, until } from '../../support/fake-electron/load-main';

type Bridge = Record<string, Record<string, (input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>>> & {
  on: <E extends keyof DeskEvents>(event: E, listener: (payload: DeskEvents[E]) => void) => () => void;
};

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'electron-app-'));
  dirs.push(dir);
  return dir;
};

let fake: FakeElectron;
let userData: string;
const logLines: string[] = [];
const errorLines: string[] = [];

function page(): FakePage {
  const current = fake.windows[0]?.webContents.page;
  if (!current) throw new Error('The window shows no page.');
  return current;
}
const bridge = (p: FakePage = page()) => p.exposed['desk'] as Bridge;
/** The Local sandbox behind the app's desk, for its control endpoints. */
async function sandboxOrigin(): Promise<string> {
  const profiles = (await bridge().profiles!.list!({})) as { value: Array<{ id: string; baseUrl: string }> };
  return new URL(profiles.value.find((p) => p.id === 'local-sandbox')!.baseUrl).origin;
}
const readyLine = () => logLines.find((line) => line.startsWith('Desk ready at '));

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logLines.push(args.map(String).join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errorLines.push(args.map(String).join(' ')));
  userData = tempDir();
  fake = await loadMain({
    args: ['--user-data', userData, '--keychain-namespace', freshNamespace(), '--sandbox-seed', '7'],
    userData: tempDir(),
  });
  fake.app.becomeReady();
  await until('"Desk ready at" or an exit', () => readyLine() !== undefined || fake.app.exitCode !== undefined, 60_000);
  if (fake.app.exitCode !== undefined) throw new Error(`The app exited at start: ${errorLines.join('\n')}`);
}, 90_000);

afterAll(async () => {
  if (fake && fake.app.exitCode === undefined) {
    fake.app.quit();
    await until('the app to quit', () => fake.app.exitCode !== undefined, 10_000).catch(() => undefined);
  }
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the built Electron app, started', () => {
  const pageUrl = pathToFileURL(join(repoRoot, 'out/renderer/index.html')).href;

  it('opens one hardened window on the built renderer and shows it once painted', () => {
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      preload: join(repoRoot, 'out/preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // The installed app (app.isPackaged): no developer tools.
      devTools: false,
    });
    expect(window.options.show).toBe(false);
    expect(window.isVisible()).toBe(true);
    expect(window.webContents.loadedUrls).toEqual([pageUrl]);
    expect(readyLine()).toBe(`Desk ready at ${pageUrl}`);
    expect(fake.app.getPath('userData')).toBe(userData);
  });

  it('puts the CSP on every response and grants no permission but the clipboard write, to its own page', async () => {
    const answer = await fake.defaultSession.webRequest.receive(pageUrl, { 'content-type': ['text/html'] });
    expect(answer.responseHeaders).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    const contents = fake.windows[0]!.webContents as unknown as WebContents;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'] as const) {
      expect(await fake.defaultSession.requestPermission(contents, permission)).toBe(false);
      expect(fake.defaultSession.checkPermission(contents, permission)).toBe(false);
    }
    expect(await fake.defaultSession.requestPermission(contents, 'clipboard-sanitized-write')).toBe(true);
    expect(fake.defaultSession.checkPermission(null, 'clipboard-sanitized-write')).toBe(false);
  });

  it('exposes exactly window.desk from the preload, with the contract method names and on()', () => {
    expect(page().preloadError).toBeUndefined();
    expect(Object.keys(page().exposed)).toEqual(['desk']);
    const desk = bridge();
    const exposed = Object.entries(desk).flatMap(([area, methods]) =>
      typeof methods === 'function' ? [area] : Object.keys(methods).map((method) => `${area}.${method}`),
    );
    expect(exposed.sort()).toEqual([...deskMethodNames, 'on'].sort());
    for (const name of ['ipcRenderer', 'invoke', 'send', 'require', 'process']) expect(desk).not.toHaveProperty(name);
  });

  it('registers one IPC handler per contract method and no other channel', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(deskMethodNames.map(channelOf).sort());
    expect(fake.ipcMain.listenerCount('message')).toBe(0);
    expect(fake.ipcMain.eventNames()).toEqual([]);
  });

  describe('answers through IPC what the harness answers for the same call', () => {
    let other: DeskHarness;
    let harness: RunningHarness;
    beforeAll(async () => {
      other = await startDesk({ sandboxSeed: 7 });
      const dir = tempDir();
      harness = await startHarness({
        dispatch: createDispatcher(other.desk.handlers, toDeskError),
        events: other.desk.events,
        rendererDir: join(dir, 'renderer'),
        preloadFile: join(dir, 'preload.js'),
        token: 'electron-test',
      });
    }, 60_000);
    afterAll(async () => {
      await harness?.close();
      await other?.close();
    });
    const viaHarness = async (channel: string, input: unknown) => {
      const response = await fetch(`${harness.origin}/bridge/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Desk-Token': 'electron-test' },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };

    it('settings.get', async () => {
      const electron = await bridge().settings!.get!({});
      expect(electron).toMatchObject({ ok: true });
      expect(await viaHarness('desk:settings.get', {})).toEqual({ status: 200, body: electron });
    });

    it('a bad input', async () => {
      const input = { pollingIntervalSeconds: 'often', colour: 'red' };
      const electron = await bridge().settings!.update!(input);
      expect(electron).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
      expect(await viaHarness('desk:settings.update', input)).toEqual({ status: 200, body: electron });
    });

    it('an unknown channel: neither bridge has it; the raw channel is refused by both', async () => {
      expect(bridge()['nope']).toBeUndefined();
      // Electron has no catch-all for invoke: an unregistered channel rejects before main sees it.
      await expect(page().ipcRenderer.invoke('desk:nope.call', {})).rejects.toThrow("No handler registered for 'desk:nope.call'");
      expect(await viaHarness('desk:nope.call', {})).toEqual({
        status: 200,
        body: { ok: false, error: { kind: 'invalid_input', message: 'There is no desk method called "nope.call".' } },
      });
    });
  });

  it('refuses a call from a frame inside the page before reading its input', async () => {
    const frame = page().subFrameIpc('https://evil.example/frame', fake.ipcMain);
    expect(await frame.invoke(channelOf('settings.get'), {})).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'This window may not call the desk.' },
    });
  });

  it('relays desk events to the page through the bridge', async () => {
    const ticks: unknown[] = [];
    const stop = bridge().on('rates.tick', (tick) => ticks.push(tick));
    await until('a rates.tick in the page', () => ticks.length > 0, 15_000);
    stop();
    expect(page().ipcRenderer.listenerCount('desk:event')).toBe(0);
  });

  it('refuses navigation away from the page and every window.open; https links to known hosts go to the shell', async () => {
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      `${pageUrl}?other=1`,
      'http://kriptomat.io/',
      'https://kriptomat.io/help',
    ]) {
      expect(await page().navigate(url)).toBe(false);
    }
    expect(fake.windows[0]!.webContents.loadedUrls).toEqual([pageUrl]);
    const links = [
      'https://kriptomat.io/help',
      'http://kriptomat.io/help',
      'file:///etc/passwd',
      'https://evil.example/',
      'smb://kriptomat.io/x',
      'https://user:pw@kriptomat.io/',
    ];
    for (const url of links) expect(page().open(url)).toBe(false);
    expect(fake.shell.opened).toEqual(['https://kriptomat.io/help']);
    expect(fake.windows).toHaveLength(1);
  });

  it('refuses webviews in any web contents', () => {
    for (const contents of fake.allContents) {
      const event = { preventDefault: vi.fn(), defaultPrevented: false };
      contents.emit('will-attach-webview', event, {}, {});
      expect(event.preventDefault).toHaveBeenCalled();
    }
  });

  it('has the menu with the accelerators the README lists, shown but left to the page', () => {
    const menu = fake.menu.applicationMenu;
    expect(menu).not.toBeNull();
    expect(menu!.items.map((item) => item.role ?? item.label)).toEqual(['fileMenu', 'editMenu', 'Desk', 'viewMenu', 'windowMenu']);
    const desk = menu!.items.find((item) => item.label === 'Desk')!.submenu as MenuItemConstructorOptions[];
    const accelerators = desk.map((item) => item.accelerator);
    // README, keyboard: Ctrl/Cmd+K the palette, Alt+T the ticket, Alt+B/Alt+S the side, Alt+1…9 the screens.
    expect(accelerators).toEqual(['CmdOrCtrl+K', 'Alt+T', 'Alt+B', 'Alt+S', ...deskScreens.map((_, i) => `Alt+${i + 1}`)]);
    expect(deskScreens.length).toBeLessThanOrEqual(9);
    expect(desk.every((item) => item.registerAccelerator === false)).toBe(true);
  });

  it('sends Ctrl+K to the page when the palette is chosen from the menu', () => {
    const desk = fake.menu.applicationMenu!.items.find((item) => item.label === 'Desk')!.submenu as MenuItemConstructorOptions[];
    const palette = desk.find((item) => item.accelerator === 'CmdOrCtrl+K')!;
    const contents = fake.windows[0]!.webContents;
    contents.inputEvents.length = 0;
    (palette.click as () => void)();
    const keys = contents.inputEvents as KeyboardInputEvent[];
    // The test machine's platform decides, as in the app: Meta on macOS, Control elsewhere.
    expect(keys).toEqual([
      { type: 'keyDown', keyCode: 'K', modifiers: process.platform === 'darwin' ? ['meta'] : ['control'] },
      { type: 'keyUp', keyCode: 'K', modifiers: process.platform === 'darwin' ? ['meta'] : ['control'] },
    ]);
  });

  it('focuses the first window when a second instance starts', () => {
    const window = fake.windows[0]!;
    window.minimize();
    expect(window.isFocused()).toBe(false);
    fake.app.startSecondInstance([process.execPath], '/');
    expect(window.isMinimized()).toBe(false);
    expect(window.isFocused()).toBe(true);
    expect(fake.windows).toHaveLength(1);
  });

  it('notifies when an order settles', async () => {
    const placed = await bridge().orders!.place!({ profileId: 'local-sandbox', userId: 1, side: 'buy', pair: 'btceur', amount: '25.00' });
    expect(placed).toMatchObject({ ok: true });
    await fetch(`${await sandboxOrigin()}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 10 }),
    });
    await until('the order notification', () => fake.notifications.some((n) => n.title === 'Order settled'), 20_000);
    expect(fake.notifications.find((n) => n.title === 'Order settled')?.body).toMatch(/^buy 25\.00 — transaction \d+$/);
  });

  it('reloads the window after a workspace switch, with the bridge working on the new page', async () => {
    const before = page();
    expect(await bridge(before).workspace!.switch!({ kind: 'solo' })).toMatchObject({ ok: true });
    // What the Workspace settings do next: window.location.reload().
    expect(await before.reload()).toBe(true);
    const after = page();
    expect(after).not.toBe(before);
    expect(after.url).toBe(pageUrl);
    expect(await bridge(after).settings!.get!({})).toMatchObject({ ok: true });
  });

  it('quits within a bounded time, logging out first and saving the window state', async () => {
    // The API stops answering: the logout on quit waits at most 2 s for it.
    await fetch(`${await sandboxOrigin()}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ latency_ms: 30_000 }),
    });
    const started = Date.now();
    fake.app.quit();
    // The first before-quit is held for the clean logout, then quit is called again.
    expect(fake.app.exitCode).toBeUndefined();
    await until('the app to quit', () => fake.app.exitCode !== undefined, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.app.exitCode).toBe(0);
    expect(fake.app.called('quit')).toHaveLength(2);
    expect(fake.windows).toHaveLength(0);
    expect(existsSync(join(userData, 'window-state.json'))).toBe(true);
    // The logout gave up after its 2 s, said so, and nothing else went wrong.
    expect(errorLines.some((line) => line.includes('logout at the API did not answer within 2 s'))).toBe(true);
    expect(errorLines.filter((line) => !line.includes(' WARN '))).toEqual([]);
  });
});
