// The browser harness: main's services and ipc dispatcher behind a loopback HTTP
// server, so the desk runs (and is tested) where no Electron binary exists.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventChannel } from '../../shared/desk-api';
import type { DeskEventBus } from '../../main/events';
import type { Dispatch } from '../../main/ipc';
import {
  CONTENT_SECURITY_POLICY,
  hostAllowed,
  isLoopbackHost,
  originAllowed,
  presentedToken,
  tokenCookieName,
} from './security';
import { injectPreload, readStatic } from './static-files';

export interface HarnessOptions {
  dispatch: Dispatch;
  events: DeskEventBus;
  rendererDir: string;
  preloadFile: string;
  host?: string;
  port?: number;
  /** Fixed token (tests); a fresh random one otherwise. */
  token?: string;
}

export interface RunningHarness {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const BRIDGE_PREFIX = '/bridge/';

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Answer 413 while the rest drains; destroying the socket would hide the answer.
        reject(new RangeError('body too large'));
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size <= MAX_BODY) resolvePromise(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The harness only listens on loopback, not on ${host}.`);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const unsubscribe = options.events.subscribe((name, payload) => {
    const frame = `data: ${JSON.stringify({ channel: eventChannel, name, payload })}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Headers on every answer: no sniffing, no referrer, never framed.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    if (!hostAllowed(request.headers.host, port)) return send(response, 403, 'Forbidden: this desk answers only on its loopback address.');
    if (!originAllowed(request.headers.origin, port)) return send(response, 403, 'Forbidden: cross-origin requests are not accepted.');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const source = presentedToken(request, url, token, tokenCookieName(port));
    if (!source) return send(response, 401, 'This desk needs the link with its token, printed when it started.');

    if (source === 'query' && request.method === 'GET') {
      // Keep the token in an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('token');
      response.writeHead(303, {
        'Set-Cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
        'Cache-Control': 'no-store',
      });
      response.end();
      return;
    }

    if (url.pathname.startsWith(BRIDGE_PREFIX)) {
      if (request.method !== 'POST') return send(response, 405, 'Use POST.');
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'Send application/json.');
      const channel = decodeURIComponent(url.pathname.slice(BRIDGE_PREFIX.length));
      if (!channel.startsWith('desk:')) return send(response, 404, 'Not found.');
      let input: unknown;
      try {
        input = JSON.parse(await readBody(request));
      } catch (error) {
        if (error instanceof RangeError) {
          response.setHeader('Connection', 'close');
          return send(response, 413, 'Body too large.');
        }
        return send(response, 400, 'Malformed JSON.');
      }
      const result = await options.dispatch(channel.slice('desk:'.length), input);
      return send(response, 200, JSON.stringify(result), 'application/json; charset=utf-8');
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed.');

    if (url.pathname === '/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      sseClients.add(response);
      request.on('close', () => sseClients.delete(response));
      return;
    }

    if (url.pathname === '/preload.js') {
      const body = await readFile(options.preloadFile, 'utf8').catch(() => undefined);
      if (body === undefined) return send(response, 500, 'The preload bundle is missing: run npm run build:all.');
      return send(response, 200, body, 'text/javascript; charset=utf-8');
    }

    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = await readStatic(options.rendererDir, path);
    if (!file) return send(response, 404, 'Not found.');
    if (path.endsWith('.html')) {
      response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      return send(response, 200, injectPreload(file.body.toString('utf8')), file.type);
    }
    response.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    response.end(file.body);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('harness request failed:', error instanceof Error ? error.message : error);
      if (!response.headersSent) send(response, 500, 'Internal error.');
      else response.end();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const client of sseClients) client.end();
      sseClients.clear();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      server.closeAllConnections();
    },
  };
}
