// Starts one desk for one test: a fresh sandbox port and seed, a fresh user-data
// directory and a fresh keychain namespace, then waits for its ready line.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * A free loopback port for a process started later. It is taken below Linux's
 * ephemeral range (32768–60999): a port from that range can be handed to any
 * outgoing connection between our check and the desk's listen (EADDRINUSE seen on
 * a busy machine); below it, only another listener could take it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free loopback port below the ephemeral range');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

export interface DeskLaunch {
  userDataDir: string;
  keychainNamespace: string;
  sandboxPort: number;
  sandboxOrigin: string;
  seed: number;
  args: string[];
  cleanup(): void;
}

export async function prepareLaunch(extraArgs: string[] = []): Promise<DeskLaunch> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
  const keychainNamespace = `e2e-${randomBytes(6).toString('hex')}`;
  const sandboxPort = await freePort();
  const seed = 1 + (sandboxPort % 1000);
  return {
    userDataDir,
    keychainNamespace,
    sandboxPort,
    sandboxOrigin: `http://127.0.0.1:${sandboxPort}`,
    seed,
    args: [
      '--user-data',
      userDataDir,
      '--sandbox-port',
      String(sandboxPort),
      '--keychain-namespace',
      keychainNamespace,
      '--sandbox-seed',
      String(seed),
      ...extraArgs,
    ],
    cleanup: () => rmSync(userDataDir, { recursive: true, force: true }),
  };
}

const READY = /Desk ready at (\S+)/;

/** Resolves with the URL of the `Desk ready at …` line, or rejects with the process's output. */
export function waitForReady(child: ChildProcess, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`desk did not become ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`desk exited with ${code} before it was ready:\n${output}`));
    });
  });
}

export interface HarnessProcess {
  url: string;
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startHarnessProcess(launch: DeskLaunch): Promise<HarnessProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'web/server/cli.ts'), '--port', '0', ...launch.args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForReady(child);
  return {
    url,
    origin: new URL(url).origin,
    child,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolveStop();
        });
        child.kill('SIGTERM');
      }),
  };
}
