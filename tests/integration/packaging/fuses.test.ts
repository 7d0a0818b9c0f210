// The afterPack fuse hook (build/fuses.mjs) against synthetic Electron binaries: a
// file with the fuse sentinel and a V1 wire in Electron's default state is flipped
// and read back; a stand-in without a wire is skipped only when declared a stand-in.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FAKE_ELECTRON_ENV,
  FUSES,
  SENTINEL,
  afterPack,
  electronBinaryPath,
  fuseWireFile,
  type FuseHookContext,
} from '../../../build/fuses.mjs';
import { binaryArchs, checkNativeAddons, libsqlPackage } from '../../../build/native-addons.mjs';

// Electron's shipped defaults, V1 order: RunAsNode, CookieEncryption, NodeOptions,
// NodeCliInspect, AsarIntegrity, OnlyLoadFromAsar, V8Snapshot, GrantFileProtocol.
const DEFAULT_WIRE = '10110001';

function fakeBinary(wire: string | null): Buffer {
  const filler = Buffer.alloc(4096, 0xcc);
  if (wire === null) return Buffer.concat([Buffer.from('#!/bin/sh\nexit 1\n'), filler]);
  return Buffer.concat([filler, Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, wire.length]), Buffer.from(wire, 'latin1'), filler]);
}

/** The first bytes of an ELF shared object for x86-64 (62) or AArch64 (183). */
function elfStub(machine: number): Buffer {
  const bytes = Buffer.alloc(64);
  bytes.write('\x7fELF', 0, 'latin1');
  bytes[4] = 2; // 64-bit
  bytes[5] = 1; // little endian
  bytes.writeUInt16LE(machine, 18);
  return bytes;
}

/** Puts keytar's and libsql's addons (ELF stubs) where electron-builder unpacks them. */
async function addAddons(appOutDir: string, machine = 62, arch = 'x64'): Promise<void> {
  const unpacked = join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules');
  const keytar = join(unpacked, 'keytar', 'build', 'Release');
  const libsql = join(unpacked, ...libsqlPackage('linux', arch).split('/'));
  await mkdir(keytar, { recursive: true });
  await mkdir(libsql, { recursive: true });
  await writeFile(join(keytar, 'keytar.node'), elfStub(machine));
  await writeFile(join(libsql, 'index.node'), elfStub(machine));
}

async function wireOf(file: string): Promise<string> {
  const bytes = await readFile(file);
  const at = bytes.indexOf(SENTINEL, 0, 'latin1') + SENTINEL.length;
  return bytes.toString('latin1', at + 2, at + 2 + bytes[at + 1]!);
}

describe('build/fuses.mjs (afterPack)', () => {
  let dir: string;
  const savedEnv = process.env[FAKE_ELECTRON_ENV];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'desk-fuses-'));
    delete process.env[FAKE_ELECTRON_ENV];
  });
  afterEach(async () => {
    if (savedEnv === undefined) delete process.env[FAKE_ELECTRON_ENV];
    else process.env[FAKE_ELECTRON_ENV] = savedEnv;
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  const linux = (): FuseHookContext => ({
    appOutDir: dir,
    electronPlatformName: 'linux',
    arch: 1, // builder-util Arch.x64
    packager: { appInfo: { productFilename: 'Kriptomat Desk' }, executableName: 'kriptomat-desk' },
  });

  it('finds the binary that holds the wire on every platform', () => {
    const ctx = (electronPlatformName: string): FuseHookContext => ({ ...linux(), electronPlatformName });
    expect(electronBinaryPath(linux())).toBe(join(dir, 'kriptomat-desk'));
    expect(electronBinaryPath(ctx('win32'))).toBe(join(dir, 'Kriptomat Desk.exe'));
    const app = electronBinaryPath(ctx('darwin'));
    expect(app).toBe(join(dir, 'Kriptomat Desk.app'));
    expect(fuseWireFile(app)).toBe(
      join(dir, 'Kriptomat Desk.app', 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework'),
    );
  });

  it('flips the fuses of a Linux binary and leaves the others alone', async () => {
    await addAddons(dir);
    await writeFile(join(dir, 'kriptomat-desk'), fakeBinary(DEFAULT_WIRE));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await afterPack(linux());
    // RunAsNode off, cookies encrypted, NODE_OPTIONS off, --inspect off, asar integrity on,
    // only app.asar on; V8 snapshot and file:// privileges untouched.
    expect(await wireOf(join(dir, 'kriptomat-desk'))).toBe('01001101');
    expect(Object.keys(FUSES)).toHaveLength(6);
  });

  it('flips a Windows .exe too', async () => {
    // PE stubs: 'MZ', e_lfanew, 'PE\0\0', machine 0x8664 (x64).
    const pe = Buffer.alloc(128);
    pe.write('MZ', 0, 'latin1');
    pe.writeUInt32LE(64, 0x3c);
    pe.write('PE\0\0', 64, 'latin1');
    pe.writeUInt16LE(0x8664, 68);
    const unpacked = join(dir, 'resources', 'app.asar.unpacked', 'node_modules');
    await mkdir(join(unpacked, 'keytar', 'build', 'Release'), { recursive: true });
    await mkdir(join(unpacked, '@libsql', 'win32-x64-msvc'), { recursive: true });
    await writeFile(join(unpacked, 'keytar', 'build', 'Release', 'keytar.node'), pe);
    await writeFile(join(unpacked, '@libsql', 'win32-x64-msvc', 'index.node'), pe);
    await writeFile(join(dir, 'Kriptomat Desk.exe'), fakeBinary(DEFAULT_WIRE));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await afterPack({ ...linux(), electronPlatformName: 'win32' });
    expect(await wireOf(join(dir, 'Kriptomat Desk.exe'))).toBe('01001101');
  });

  it('tolerates fuses that Electron marked removed', async () => {
    await addAddons(dir);
    await writeFile(join(dir, 'kriptomat-desk'), fakeBinary('1r110001'));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // @electron/fuses warns about the removed fuse
    await expect(afterPack(linux())).resolves.toBeUndefined();
  });

  it('refuses a binary without a fuse wire unless it is declared a stand-in', async () => {
    await addAddons(dir);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await writeFile(join(dir, 'kriptomat-desk'), fakeBinary(null));
    await expect(afterPack(linux())).rejects.toThrow(/no fuse wire.*KRIPTOMAT_FAKE_ELECTRON=1/s);
  });

  it('skips a declared stand-in with a log line and leaves it untouched', async () => {
    await addAddons(dir);
    const bytes = fakeBinary(null);
    await writeFile(join(dir, 'kriptomat-desk'), bytes);
    process.env[FAKE_ELECTRON_ENV] = '1';
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await afterPack(linux());
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/\[fuses\] skipped: .*stand-in Electron/));
    expect((await readFile(join(dir, 'kriptomat-desk'))).equals(bytes)).toBe(true);
  });

  it('fails clearly when the binary is missing', async () => {
    await addAddons(join(dir, 'empty'));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(afterPack({ ...linux(), appOutDir: join(dir, 'empty') })).rejects.toThrow(/cannot read/);
  });
});

describe('build/native-addons.mjs (part of afterPack)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'desk-addons-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });
  const context = (arch: number): FuseHookContext => ({
    appOutDir: dir,
    electronPlatformName: 'linux',
    arch,
    packager: { appInfo: { productFilename: 'Kriptomat Desk' }, executableName: 'kriptomat-desk' },
  });

  it('reads the architecture of ELF, PE and Mach-O binaries', () => {
    expect(binaryArchs(elfStub(62))).toEqual(['x64']);
    expect(binaryArchs(elfStub(183))).toEqual(['arm64']);
    const fat = Buffer.alloc(64);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    fat.writeUInt32BE(0x01000007, 8);
    fat.writeUInt32BE(0x0100000c, 28);
    expect(binaryArchs(fat)).toEqual(['x64', 'arm64']);
    expect(binaryArchs(Buffer.from('#!/bin/sh\n'))).toEqual(['unknown']);
  });

  it('accepts addons built for the packaged arch', async () => {
    await addAddons(dir, 183, 'arm64');
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(checkNativeAddons(context(3))).resolves.toBeUndefined();
  });

  it('rejects the host’s x64 addons in an arm64 app, and a missing libsql package', async () => {
    await addAddons(dir, 62, 'x64');
    await expect(checkNativeAddons(context(3))).rejects.toThrow(/keytar\.node is built for x64, not arm64[\s\S]*linux-arm64-gnu.*missing/);
  });
});
