// The fake BrowserWindow: records the options it was made with and what it
// loads; its webContents carries the page. Closing emits close (preventable) and
// closed, and the last window closed tells the app, as Electron does.
import { EventEmitter } from 'node:events';
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { electronEvent } from './event';
import { FakeWebContents, type WebContentsWorld } from './web-contents';

export interface WindowWorld extends WebContentsWorld {
  windows: FakeBrowserWindow[];
  onAllClosed: () => void;
}

type WindowApi = Pick<
  BrowserWindow,
  | 'loadURL'
  | 'show'
  | 'hide'
  | 'isVisible'
  | 'focus'
  | 'isFocused'
  | 'restore'
  | 'minimize'
  | 'isMinimized'
  | 'maximize'
  | 'isMaximized'
  | 'isDestroyed'
  | 'getNormalBounds'
  | 'close'
>;

export class FakeBrowserWindow extends EventEmitter implements WindowApi {
  readonly webContents: FakeWebContents;
  private visible = false;
  private focused = false;
  private minimized = false;
  private maximized = false;
  private destroyed = false;
  private readonly bounds: Rectangle;

  constructor(
    private readonly world: WindowWorld,
    readonly options: BrowserWindowConstructorOptions = {},
  ) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new FakeWebContents(world, options.webPreferences?.preload);
    this.visible = options.show ?? true;
    // ready-to-show: the first paint after the first load.
    this.webContents.once('did-finish-load', () => this.emit('ready-to-show', electronEvent({})));
    world.windows.push(this);
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  show(): void {
    this.visible = true;
    this.focused = true;
  }

  hide(): void {
    this.visible = false;
  }

  isVisible(): boolean {
    return this.visible;
  }

  focus(): void {
    this.focused = true;
  }

  isFocused(): boolean {
    return this.focused;
  }

  /** Test helper: another app took the focus. */
  blur(): void {
    this.focused = false;
  }

  restore(): void {
    this.minimized = false;
  }

  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  maximize(): void {
    this.maximized = true;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }

  close(): void {
    if (this.destroyed) return;
    const event = electronEvent({});
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.world.windows.splice(this.world.windows.indexOf(this), 1);
    this.emit('closed');
    if (this.world.windows.length === 0) this.world.onAllClosed();
  }
}
