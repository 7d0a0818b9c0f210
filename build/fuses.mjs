// electron-builder `afterPack` hook: checks the packaged native addons (build/native-addons.mjs),
// then flips the Electron fuses of the packaged binary.
// It runs after the app is copied next to Electron and before anything is signed
// (a fuse flip changes the binary, so it must come before code signing).
//
//   RunAsNode                              off  (ELECTRON_RUN_AS_NODE cannot turn the app into node)
//   EnableNodeOptionsEnvironmentVariable   off  (NODE_OPTIONS is ignored)
//   EnableNodeCliInspectArguments          off  (--inspect / --inspect-brk are ignored)
//   EnableEmbeddedAsarIntegrityValidation  on   (app.asar is checked against the hash electron-builder
//                                                embeds: Info.plist on macOS, a resource on Windows;
//                                                Electron does not validate on Linux)
//   OnlyLoadAppFromAsar                    on   (no loose resources/app folder can replace app.asar)
//   EnableCookieEncryption                 on   (cookies on disk encrypted with the OS keychain key)
// LoadBrowserProcessSpecificV8Snapshot and GrantFileProtocolExtraPrivileges keep Electron's
// defaults: the renderer is loaded from file://, see docs/packaging.md.
//
// Why a hook and not electron-builder's `electronFuses` option: the same switches, but
// here a stand-in Electron (the offline packaging dry run, tests/integration/packaging)
// is recognised and skipped with a log line instead of failing the build, and the
// result is read back and verified. A real build without a fuse wire fails loudly.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import electronFuses from '@electron/fuses';
import { checkNativeAddons } from './native-addons.mjs';

const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = electronFuses;

/** Marks the fuse wire inside every Electron binary since v12 (from @electron/fuses). */
export const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Desired fuse states, by FuseV1Options name. */
export const FUSES = Object.freeze({
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
});

/** Set when packaging against a stand-in Electron distribution (no real binary). */
export const FAKE_ELECTRON_ENV = 'KRIPTOMAT_FAKE_ELECTRON';

const log = (message) => console.log(`  • [fuses] ${message}`);

/** The packaged Electron executable (or .app bundle) for an electron-builder AfterPackContext. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`[fuses] unknown platform ${electronPlatformName}`);
  }
}

/** The file that holds the fuse wire: on macOS the Electron Framework, else the executable. */
export function fuseWireFile(binaryPath) {
  if (binaryPath.endsWith('.app')) {
    return path.join(binaryPath, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework');
  }
  return binaryPath;
}

/** Builds the @electron/fuses config for a platform. */
export function fuseConfig(electronPlatformName) {
  const config = {
    version: FuseVersion.V1,
    // Flipping bytes breaks the ad-hoc signature arm64 Macs require to launch an
    // unsigned build; re-sign ad hoc (a real identity re-signs afterwards anyway).
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' || electronPlatformName === 'mas',
  };
  for (const [name, enabled] of Object.entries(FUSES)) config[FuseV1Options[name]] = enabled;
  return config;
}

/**
 * Reads the fuse wire back and returns the fuses that do not have the desired state
 * (a fuse Electron marked as removed counts as fine).
 */
export async function verifyFuses(binaryPath) {
  const wire = await getCurrentFuseWire(binaryPath);
  const wrong = [];
  for (const [name, enabled] of Object.entries(FUSES)) {
    const state = wire[FuseV1Options[name]];
    const expected = enabled ? 0x31 : 0x30; // '1' / '0'
    if (state !== expected && state !== 0x72 /* 'r': removed */) wrong.push(name);
  }
  return wrong;
}

export async function afterPack(context) {
  // First make sure the app can open its vault and database on the target arch.
  await checkNativeAddons(context);
  const binary = electronBinaryPath(context);
  const wireFile = fuseWireFile(binary);
  let contents;
  try {
    contents = await readFile(wireFile);
  } catch (error) {
    throw new Error(`[fuses] cannot read ${wireFile}: ${error.message}`, { cause: error });
  }
  const hasWire = contents.includes(SENTINEL, 0, 'latin1');
  contents = undefined; // the binary can be large; let it go before flipFuses reads it again
  if (!hasWire) {
    if (process.env[FAKE_ELECTRON_ENV] === '1') {
      log(
        `skipped: ${wireFile} is a stand-in Electron without a fuse wire (${FAKE_ELECTRON_ENV}=1); a real build flips ${Object.keys(FUSES).join(', ')}`,
      );
      return;
    }
    throw new Error(
      `[fuses] no fuse wire in ${wireFile}: not an Electron binary, so its fuses cannot be set. ` +
        `Refusing to produce an app with default fuses. For a dry run against a stand-in Electron set ${FAKE_ELECTRON_ENV}=1.`,
    );
  }
  const sentinels = await flipFuses(binary, fuseConfig(context.electronPlatformName));
  const wrong = await verifyFuses(binary);
  if (wrong.length > 0) throw new Error(`[fuses] fuses not set after flipping ${wireFile}: ${wrong.join(', ')}`);
  log(
    `set on ${wireFile} (${sentinels} wire${sentinels === 1 ? '' : 's'}): ${Object.entries(FUSES)
      .map(([n, on]) => `${n}=${on ? 'on' : 'off'}`)
      .join(', ')}`,
  );
}

export default afterPack;
