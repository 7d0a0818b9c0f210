// The only way out of the renderer: main's typed bridge, injected by the preload
// (Electron) or by the browser harness. No Node, no Electron here.
import type { DeskBridge } from '../../shared/desk-api';

declare global {
  interface Window {
    desk: DeskBridge;
  }
}

export {};
