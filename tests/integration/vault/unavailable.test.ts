// The keychain-unavailable path, for real: child processes whose D-Bus session is
// missing or broken. The desk must say what is missing, keep secrets in memory,
// and write them nowhere.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** Checked here so the skip says why on the run's output. */
const noDbusRunSession = !existsSync('/usr/bin/dbus-run-session');
if (noDbusRunSession)
  console.warn(
    'vault test skipped: "a Secret Service with no unlocked keyring" needs /usr/bin/dbus-run-session (Debian package dbus; scripts/system-deps.sh installs it)',
  );

const run = promisify(execFile);
const child = resolve(import.meta.dirname, 'fixtures/open-vault-child.ts');
const tsxLoader = pathToFileURL(resolve(import.meta.dirname, '../../../node_modules/tsx/dist/loader.mjs')).href;

interface ChildReport {
  status: { available: boolean; reason?: string };
  kind: string;
  has: Record<string, boolean>;
  roundTrip: boolean;
}

let home: string;
let marker: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'desk-nokeyring-'));
  marker = `marker-${randomBytes(8).toString('hex')}`;
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** A child with its own HOME and XDG dirs, so any file it wrote would be found below `home`. */
function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_RUNTIME_DIR: home,
    KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE: `unavailable-${process.pid}`,
    ...overrides,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

/** `wrapper` is an optional command the child runs under, such as dbus-run-session. */
async function runChild(wrapper: string[], env: NodeJS.ProcessEnv): Promise<ChildReport> {
  // The child's cwd is the empty temp dir, so hand it tsx by absolute URL.
  const argv = [...wrapper, process.execPath, '--import', tsxLoader, child, marker];
  const { stdout } = await run(argv[0]!, argv.slice(1), {
    env,
    cwd: home,
    timeout: 20_000,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  expect(stdout).not.toContain(marker);
  return JSON.parse(line) as ChildReport;
}

async function filesContaining(dir: string, text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && (await readFile(path)).includes(text)) hits.push(entry);
  }
  return hits;
}

function expectMemoryFallback(report: ChildReport, reason: RegExp): void {
  expect(report.kind).toBe('memory');
  expect(report.status.available).toBe(false);
  expect(report.status.reason).toMatch(reason);
  expect(report.status.reason).toMatch(/secrets will be kept in memory for this session only/);
  expect(report.status.reason).not.toContain(marker);
  // The desk still works for this session with typed-in secrets.
  expect(report.roundTrip).toBe(true);
  expect(report.has).toEqual({ password: true, client_secret: false, totp_secret: true });
}

describe('without a usable Secret Service', () => {
  it('a D-Bus address pointing at no socket → MemoryVault with the reason, no file written', async () => {
    const report = await runChild([], childEnv({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}`, DISPLAY: undefined }));
    expectMemoryFallback(report, /^No Secret Service \(gnome-keyring or KWallet\) is running on this Linux session/);
    expect(await filesContaining(home, marker)).toEqual([]);
  });

  it('no D-Bus session at all → MemoryVault with the reason, no file written', async () => {
    const report = await runChild([], childEnv({ DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined }));
    expectMemoryFallback(report, /^No Secret Service \(gnome-keyring or KWallet\) is running on this Linux session/);
    expect(await filesContaining(home, marker)).toEqual([]);
  });

  it.skipIf(noDbusRunSession)('a Secret Service with no unlocked keyring → MemoryVault, not a silent failure on first save', async () => {
    const report = await runChild(['dbus-run-session', '--'], childEnv({ DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined }));
    expectMemoryFallback(report, /refused to store a test entry|did not answer in time/);
    expect(await filesContaining(home, marker)).toEqual([]);
  });
});

describe('the child harness itself', () => {
  it('reports the keychain when the parent has one (guards against a child that always falls back)', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('Run via scripts/with-keyring.sh so the parent has a Secret Service.');
    const report = await runChild(
      [],
      childEnv({
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
        KRIPTOMAT_DESK_KEYCHAIN_NAMESPACE: `harness-${process.pid}-${randomBytes(3).toString('hex')}`,
      }),
    );
    expect(report.status).toEqual({ available: true });
    expect(report.kind).toBe('keychain');
    expect(report.roundTrip).toBe(true);
  });
});
