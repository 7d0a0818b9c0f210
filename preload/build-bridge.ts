// Builds `window.desk` from the contract's method and event names. Shared by the
// Electron preload and the browser harness (where `ipcRenderer` is the HTTP shim),
// so both expose exactly the same surface.
import {
  channelOf,
  deskEventNames,
  deskMethodNames,
  eventChannel,
  type DeskBridge,
  type DeskEventName,
  type DeskEvents,
} from '../shared/desk-api';

/** The part of Electron's ipcRenderer the bridge uses (the harness shim provides the same). */
export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, name: string, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, name: string, payload: unknown) => void): unknown;
}

export function buildBridge(transport: BridgeTransport): DeskBridge {
  const areas: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of deskMethodNames) {
    const [area, method] = name.split('.') as [string, string];
    // One channel per method: no generic invoke reaches the page.
    (areas[area] ??= {})[method] = (input: unknown) => transport.invoke(channelOf(name), input ?? {});
  }
  const known = new Set<string>(deskEventNames);
  const on = <E extends DeskEventName>(event: E, listener: (payload: DeskEvents[E]) => void): (() => void) => {
    if (!known.has(event)) throw new TypeError(`Unknown desk event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('A listener function is required.');
    // The IPC event object never reaches the page: it exposes `sender`.
    const relay = (_event: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload as DeskEvents[E]);
    };
    transport.on(eventChannel, relay);
    return () => {
      transport.removeListener(eventChannel, relay);
    };
  };
  return { ...areas, on } as unknown as DeskBridge;
}
