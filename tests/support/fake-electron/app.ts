// The fake `app`: readiness the test decides, the single-instance lock, paths and
// the quit sequence in Electron's documented order (before-quit, then the windows
// close, then will-quit and quit; app.quit() never emits window-all-closed).
import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { App } from 'electron';
import { electronEvent } from './event';

export interface FakeAppOptions {
  /** What getPath('userData') answers until setPath changes it. */
  userData: string;
  /** Another instance already holds the single-instance lock. */
  lockHeldElsewhere?: boolean;
  isPackaged?: boolean;
  /** Closes every window, as Electron does between before-quit and will-quit. */
  closeAllWindows: () => void;
}

type FakeAppApi = Pick<
  App,
  'whenReady' | 'isReady' | 'requestSingleInstanceLock' | 'quit' | 'exit' | 'getPath' | 'setPath' | 'setAppUserModelId' | 'isPackaged'
>;

export class FakeApp extends EventEmitter implements FakeAppApi {
  readonly isPackaged: boolean;
  /** Every call the app made, in order, for the tests to read. */
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  /** Set once the quit sequence ran to its end, or exit() was called. */
  exitCode: number | undefined;
  private readonly paths = new Map<string, string>();
  private ready = false;
  private readonly readyWaiters: Array<() => void> = [];
  private quitting = false;

  constructor(private readonly options: FakeAppOptions) {
    super();
    this.isPackaged = options.isPackaged ?? true;
    this.paths.set('userData', options.userData);
  }

  /** The test's hand on the clock: Electron finished initialising. */
  becomeReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.emit('ready', electronEvent({}), {});
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  isReady(): boolean {
    return this.ready;
  }

  whenReady(): Promise<void> {
    this.calls.push({ method: 'whenReady', args: [] });
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    this.calls.push({ method: 'requestSingleInstanceLock', args: [additionalData] });
    return !this.options.lockHeldElsewhere;
  }

  /** What Electron does in the first instance when a second one is started. */
  startSecondInstance(argv: string[], workingDirectory: string): void {
    this.emit('second-instance', electronEvent({}), argv, workingDirectory, {});
  }

  getPath(name: Parameters<App['getPath']>[0]): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  /** Electron refuses a relative path, and the docs say a missing directory throws too. */
  setPath(name: string, path: string): void {
    this.calls.push({ method: 'setPath', args: [name, path] });
    if (!isAbsolute(path)) throw new Error('Path must be absolute');
    if (!existsSync(path) || !statSync(path).isDirectory()) throw new Error(`Failed to set path: ${path} does not exist`);
    this.paths.set(name, path);
  }

  /** Only Windows has the method; on other platforms Electron leaves it undefined. */
  setAppUserModelId(id: string): void {
    if (process.platform !== 'win32') throw new TypeError('app.setAppUserModelId is not a function');
    this.calls.push({ method: 'setAppUserModelId', args: [id] });
  }

  quit(): void {
    this.calls.push({ method: 'quit', args: [] });
    if (this.quitting || this.exitCode !== undefined) return;
    const beforeQuit = electronEvent({});
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    this.options.closeAllWindows();
    const willQuit = electronEvent({});
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.exitCode = 0;
    this.emit('quit', electronEvent({}), 0);
  }

  /** Quits at once: no before-quit, no will-quit. */
  exit(exitCode = 0): void {
    this.calls.push({ method: 'exit', args: [exitCode] });
    this.exitCode ??= exitCode;
  }

  get isQuitting(): boolean {
    return this.quitting;
  }

  called(method: string): Array<unknown[]> {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}
