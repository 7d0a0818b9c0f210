// Stands in for the `electron` module when preload/index.ts is bundled for the
// browser harness: invoke → HTTP POST to the harness, events → server-sent events.
// The harness token travels in an HttpOnly cookie set by the first page load.
import type { DeskResult } from '../../shared/desk-api';

type Listener = (event: unknown, name: string, payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;

function ensureEvents(): void {
  if (source) return;
  source = new EventSource('/events');
  source.onmessage = (message: MessageEvent<string>) => {
    const { channel, name, payload } = JSON.parse(message.data) as { channel: string; name: string; payload: unknown };
    for (const listener of listeners.get(channel) ?? []) listener({}, name, payload);
  };
}

async function invoke(channel: string, input: unknown): Promise<unknown> {
  try {
    const response = await fetch(`/bridge/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    if (!response.ok && !response.headers.get('content-type')?.includes('application/json')) {
      return {
        ok: false,
        error: { kind: 'network', message: `The desk's local server refused the call (HTTP ${response.status}).` },
      } satisfies DeskResult<never>;
    }
    return (await response.json()) as unknown;
  } catch {
    return { ok: false, error: { kind: 'network', message: "The desk's local server could not be reached." } } satisfies DeskResult<never>;
  }
}

export const ipcRenderer = {
  invoke,
  on(channel: string, listener: Listener) {
    ensureEvents();
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener) {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    // Frozen and non-writable, like contextBridge's copy in Electron.
    Object.defineProperty(window, key, { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
  },
};
