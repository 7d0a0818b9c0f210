// ipcMain and each page's ipcRenderer, wired to each other the way Electron does:
// arguments and answers are structured-cloned, an invoke on a channel without a
// handler rejects with Electron's message, and main's webContents.send reaches
// only the listeners of that window's page.
import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent, IpcRenderer, IpcRendererEvent, WebContents } from 'electron';
import { electronEvent } from './event';

type InvokeListener = Parameters<IpcMain['handle']>[1];

/** Who sent an invoke: the window's contents and the frame's URL and parent. */
export interface IpcSender {
  contents: WebContents;
  frameUrl: string;
  /** null for the main frame; anything else stands for a sub-frame. */
  parent: object | null;
}

export class FakeIpcMain extends EventEmitter implements Pick<IpcMain, 'handle' | 'handleOnce' | 'removeHandler'> {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    // Electron refuses a second handler on one channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  handleOnce(channel: string, listener: InvokeListener): void {
    this.handle(channel, (event, ...args: unknown[]) => {
      this.removeHandler(channel);
      return listener(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invokeFrom(sender: IpcSender, channel: string, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event = electronEvent({
      sender: sender.contents,
      senderFrame: { url: sender.frameUrl, parent: sender.parent },
      frameId: 1,
      processId: 1,
      type: 'frame' as const,
    }) as unknown as IpcMainInvokeEvent; // senderFrame is a WebFrameMain: only url and parent are read.
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
    }
  }
}

type RendererListener = Parameters<IpcRenderer['on']>[1];

// The listener methods keep Electron's listener type; they return the fake itself,
// not a whole IpcRenderer, so only `invoke` is checked as a Pick<>.
export class FakeIpcRenderer implements Pick<IpcRenderer, 'invoke'> {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly ipcMain: FakeIpcMain,
    private readonly sender: IpcSender,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.ipcMain.invokeFrom(this.sender, channel, args);
  }

  on(channel: string, listener: RendererListener): this {
    this.emitter.on(channel, listener);
    return this;
  }

  once(channel: string, listener: RendererListener): this {
    this.emitter.once(channel, listener);
    return this;
  }

  off(channel: string, listener: RendererListener): this {
    this.emitter.off(channel, listener);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    this.emitter.removeListener(channel, listener);
    return this;
  }

  removeAllListeners(channel?: string): this {
    this.emitter.removeAllListeners(channel);
    return this;
  }

  listenerCount(channel: string): number {
    return this.emitter.listenerCount(channel);
  }

  /** Main's webContents.send arriving in this page. */
  deliver(channel: string, args: unknown[]): void {
    const event = electronEvent({ sender: this, senderId: 0, ports: [] }) as unknown as IpcRendererEvent;
    this.emitter.emit(channel, event, ...structuredClone(args));
  }
}
