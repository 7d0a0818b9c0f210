// A TCP proxy for tests that must lose an answer on purpose: everything is
// passed through until `cutNextReply()`, after which the next bytes the server
// sends on any connection are dropped and both ends closed — the request has
// reached the server (and, for PostgreSQL, committed) but its answer never
// arrives. `refuseNew(true)` closes every new connection at once, as a network
// that has gone away would. `blackhole(true)` swallows every byte both ways and
// closes nothing, as a network that drops packets without a word does.
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Drops the next reply the server sends, closing that connection both ways. */
  cutNextReply(): void;
  /** While on, new connections are closed as soon as they arrive. */
  refuseNew(on: boolean): void;
  /** While on, nothing passes either way on any connection, and nothing is closed. */
  blackhole(on: boolean): void;
  /** How many replies were dropped so far. */
  readonly cut: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let armed = false;
  let refusing = false;
  let swallowing = false;
  let cut = 0;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };

  const server = net.createServer((client) => {
    track(client);
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    client.on('data', (chunk) => {
      if (!swallowing) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (swallowing) return;
      if (armed) {
        armed = false;
        cut++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    cutNextReply: () => void (armed = true),
    refuseNew: (on) => void (refusing = on),
    blackhole: (on) => void (swallowing = on),
    get cut() {
      return cut;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
