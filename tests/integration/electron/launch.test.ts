// The top of the built main process, before Electron is ready: the flags the
// README shares with the harness, the Windows identity notifications need, and
// the single-instance lock. No desk starts here (the fake app never becomes ready).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMain, repoRoot } from '../../support/fake-electron/load-main';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'electron-launch-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the built main process at launch', () => {
  it('takes a relative --user-data from the working directory, as the harness does, and makes it', async () => {
    const parent = tempDir();
    const wanted = join(parent, 'desk-data');
    const fake = await loadMain({ args: ['--user-data', relative(process.cwd(), wanted)], userData: tempDir() });
    expect(fake.app.called('setPath')).toEqual([['userData', wanted]]);
    expect(fake.app.getPath('userData')).toBe(wanted);
    expect(statSync(wanted).isDirectory()).toBe(true);
  });

  it('keeps an absolute --user-data as given', async () => {
    const dir = tempDir();
    const fake = await loadMain({ args: [`--user-data=${dir}`], userData: tempDir() });
    expect(fake.app.getPath('userData')).toBe(dir);
  });

  it('on Windows, sets the AppUserModelID to the installer appId so notifications are attributed to the desk', async () => {
    const appId = /^appId:\s*(\S+)\s*$/m.exec(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8'))?.[1];
    expect(appId).toBeTruthy();
    const fake = await loadMain({ args: [], userData: tempDir(), platform: 'win32' });
    expect(fake.app.called('setAppUserModelId')).toEqual([[appId]]);
  });

  it('elsewhere, leaves the Windows-only call alone', async () => {
    const fake = await loadMain({ args: [], userData: tempDir(), platform: 'linux' });
    expect(fake.app.called('setAppUserModelId')).toEqual([]);
  });

  it('asks for the single-instance lock and waits for Electron to be ready', async () => {
    const fake = await loadMain({ args: [], userData: tempDir() });
    expect(fake.app.called('requestSingleInstanceLock')).toHaveLength(1);
    expect(fake.app.called('whenReady')).toHaveLength(1);
    expect(fake.app.called('quit')).toEqual([]);
    expect(fake.windows).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock, before making a window or a handler', async () => {
    const fake = await loadMain({ args: [], userData: tempDir(), lockHeldElsewhere: true });
    expect(fake.app.called('quit')).toHaveLength(1);
    expect(fake.app.called('whenReady')).toEqual([]);
    expect(fake.app.exitCode).toBe(0);
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.app.listenerCount('second-instance')).toBe(0);
  });
});
