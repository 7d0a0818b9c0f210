// A window's webContents and the page it shows. Loading a URL starts a new page:
// the preload runs again with a fresh contextBridge and ipcRenderer, then
// dom-ready and did-finish-load fire. The page itself can try to navigate,
// reload or window.open; those go through will-navigate and the window-open
// handler as in Electron (a page's own reload is taken as a navigation it starts:
// the stricter reading of the docs, so a guard that blocks reloads is caught).
import { EventEmitter } from 'node:events';
import type {
  HandlerDetails,
  KeyboardInputEvent,
  MouseInputEvent,
  MouseWheelInputEvent,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';
import { FakeContextBridge } from './context-bridge';
import { electronEvent } from './event';
import { FakeIpcRenderer, type FakeIpcMain } from './ipc';

type OpenHandler = (details: HandlerDetails) => WindowOpenHandlerResponse;
export type InputEvent = MouseInputEvent | MouseWheelInputEvent | KeyboardInputEvent;

/** What a preload sees as `require('electron')` in a sandboxed renderer. */
export interface RendererElectron {
  contextBridge: FakeContextBridge;
  ipcRenderer: FakeIpcRenderer;
}

export interface WebContentsWorld {
  ipcMain: FakeIpcMain;
  runPreload: (preloadPath: string, electron: RendererElectron) => void;
  onCreated: (contents: FakeWebContents) => void;
}

export class FakePage {
  readonly contextBridge = new FakeContextBridge();
  readonly ipcRenderer: FakeIpcRenderer;
  preloadError: unknown;

  constructor(
    private readonly contents: FakeWebContents,
    readonly url: string,
    ipcMain: FakeIpcMain,
  ) {
    this.ipcRenderer = new FakeIpcRenderer(ipcMain, { contents: contents as unknown as WebContents, frameUrl: url, parent: null });
  }

  /** `window.desk` or whatever else the preload exposed. */
  get exposed(): Record<string, unknown> {
    return this.contextBridge.mainWorld;
  }

  /** `window.location.reload()`. Resolves once the new page has loaded, or at once when refused. */
  reload(): Promise<boolean> {
    return this.contents.pageNavigates(this.url);
  }

  /** `window.location.href = url` or a click on a link. */
  navigate(url: string): Promise<boolean> {
    return this.contents.pageNavigates(url);
  }

  /** `window.open(url)`: true when a window would have opened. */
  open(url: string): boolean {
    return this.contents.pageOpens(url);
  }

  /** An ipcRenderer in a sub-frame of this page (an iframe), for trust checks. */
  subFrameIpc(frameUrl: string, ipcMain: FakeIpcMain): FakeIpcRenderer {
    return new FakeIpcRenderer(ipcMain, { contents: this.contents as unknown as WebContents, frameUrl, parent: {} });
  }
}

let nextId = 1;

export class FakeWebContents
  extends EventEmitter
  implements Pick<WebContents, 'id' | 'loadURL' | 'reload' | 'getURL' | 'send' | 'setWindowOpenHandler' | 'sendInputEvent' | 'isDestroyed'>
{
  readonly id = nextId++;
  /** Every URL loaded, in order. */
  readonly loadedUrls: string[] = [];
  readonly inputEvents: InputEvent[] = [];
  page: FakePage | undefined;
  private openHandler: OpenHandler | undefined;
  private destroyed = false;

  constructor(
    private readonly world: WebContentsWorld,
    private readonly preloadPath: string | undefined,
  ) {
    super();
    world.onCreated(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return new Promise((resolve) => {
      setImmediate(() => {
        if (this.destroyed) return resolve();
        this.emit('did-start-loading');
        const page = new FakePage(this, url, this.world.ipcMain);
        this.page = page;
        if (this.preloadPath) {
          try {
            this.world.runPreload(this.preloadPath, { contextBridge: page.contextBridge, ipcRenderer: page.ipcRenderer });
          } catch (error) {
            // Electron logs a failing preload to the console and loads the page anyway.
            page.preloadError = error;
            this.emit('preload-error', electronEvent({}), this.preloadPath, error);
          }
        }
        this.emit('dom-ready', electronEvent({}));
        this.emit('did-finish-load', electronEvent({}));
        resolve();
      });
    });
  }

  /** A reload main asks for: programmatic, so no will-navigate. */
  reload(): void {
    if (this.page) void this.loadURL(this.page.url);
  }

  getURL(): string {
    return this.page?.url ?? '';
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.page?.ipcRenderer.deliver(channel, args);
  }

  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }

  sendInputEvent(inputEvent: InputEvent): void {
    this.inputEvents.push(inputEvent);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  /** A navigation the page starts: will-navigate first; a prevented one never happens. */
  async pageNavigates(url: string): Promise<boolean> {
    const event = electronEvent({ url, isSameDocument: false, isMainFrame: true, frame: null });
    this.emit('will-navigate', event, url);
    if (event.defaultPrevented) return false;
    await this.loadURL(url);
    return true;
  }

  pageOpens(url: string): boolean {
    // Without a handler Electron opens a new window.
    if (!this.openHandler) return true;
    const answer = this.openHandler({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' },
    });
    return answer.action === 'allow';
  }
}
