// A tiny loopback HTTP server for client and session tests: every request is
// recorded, and a handler decides the answer (status, body, headers, a delay, or
// a dropped connection).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** The body parsed as JSON, or undefined. */
  body: unknown;
}

export interface StubResponse {
  status?: number;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before answering (real ms). */
  delayMs?: number;
  /** Destroy the socket instead of answering (after reading the request). */
  drop?: boolean;
  /** Never answer (until the server closes). */
  hang?: boolean;
}

export type StubHandler = (request: StubRequest, index: number) => StubResponse | Promise<StubResponse>;

export interface StubServer {
  /** `http://127.0.0.1:port` */
  origin: string;
  requests: StubRequest[];
  setHandler(handler: StubHandler): void;
  close(): Promise<void>;
}

export async function startStubServer(handler: StubHandler = () => ({ status: 200, body: { status: true } })): Promise<StubServer> {
  let current = handler;
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const bodyText = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = bodyText ? JSON.parse(bodyText) : undefined;
        } catch {
          body = undefined;
        }
        const url = new URL(req.url ?? '/', 'http://stub');
        const request: StubRequest = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          bodyText,
          body,
        };
        const index = requests.push(request) - 1;
        const answer = await current(request, index);
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (answer.hang) return;
        if (answer.drop) {
          req.socket.destroy();
          return;
        }
        const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        const headers: Record<string, string> = {
          ...(typeof answer.body === 'object' ? { 'Content-Type': 'application/json' } : {}),
          ...answer.headers,
        };
        res.writeHead(answer.status ?? 200, headers);
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    setHandler(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
