// The fake contextBridge: records what a preload exposes on the page's window,
// refusing to expose a key twice as Electron does.
import type { ContextBridge } from 'electron';

export class FakeContextBridge implements Pick<ContextBridge, 'exposeInMainWorld'> {
  /** The page's main world, as far as the preload put anything in it. */
  readonly mainWorld: Record<string, unknown> = {};

  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (Object.prototype.hasOwnProperty.call(this.mainWorld, apiKey)) {
      throw new Error('Cannot bind an API on top of an existing property on the window object');
    }
    this.mainWorld[apiKey] = api;
  }
}
