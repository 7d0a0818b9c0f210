import { describe, expect, it } from 'vitest';
import { buildBridge, type BridgeTransport } from '../../../preload/build-bridge';
import { channelOf, deskMethodNames, eventChannel } from '../../../shared/desk-api';

function fakeTransport() {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Set<(event: unknown, name: string, payload: unknown) => void>();
  const transport: BridgeTransport = {
    invoke: async (channel, input) => {
      invoked.push([channel, input]);
      return { ok: true, value: channel };
    },
    on: (channel, listener) => {
      expect(channel).toBe(eventChannel);
      listeners.add(listener);
    },
    removeListener: (_channel, listener) => listeners.delete(listener),
  };
  return { transport, invoked, listeners };
}

describe('buildBridge', () => {
  it('exposes one function per contract method, each on its own channel', async () => {
    const { transport, invoked } = fakeTransport();
    const bridge = buildBridge(transport) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    for (const name of deskMethodNames) {
      const [area, method] = name.split('.') as [string, string];
      await bridge[area]![method]!({});
    }
    expect(invoked.map(([channel]) => channel)).toEqual(deskMethodNames.map(channelOf));
  });

  it('delivers only the subscribed event, without the IPC event object, and unsubscribes', () => {
    const { transport, listeners } = fakeTransport();
    const bridge = buildBridge(transport);
    const received: unknown[] = [];
    const off = bridge.on('rates.tick', (payload) => received.push(payload));
    for (const listener of listeners) {
      listener({ sender: 'secret' }, 'orders.updated', { x: 1 });
      listener({ sender: 'secret' }, 'rates.tick', { pair: 'btceur' });
    }
    expect(received).toEqual([{ pair: 'btceur' }]);
    off();
    expect(listeners.size).toBe(0);
    expect(() => bridge.on('nope' as 'rates.tick', () => undefined)).toThrow(/Unknown desk event/);
  });
});
