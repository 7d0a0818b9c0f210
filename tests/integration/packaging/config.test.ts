// electron-builder.yml, loaded and validated by electron-builder's own code (the same
// loader and JSON-schema validation `electron-builder` runs), then checked against
// the release requirements. Also the committed icons and entitlements. Offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { ICNS_ENTRIES, ICO_SIZES, LINUX_SIZES, PNG_SIGNATURE, renderIcon } from '../../../scripts/make-icons';
import { ROOT, packageJson } from './support';

const loadConfig = (): Promise<Configuration> => getConfig(ROOT, null, null);

interface TargetSpec {
  target: string;
  arch?: string[];
}

const targetsOf = (platform: { target?: unknown } | null | undefined): Map<string, string[]> => {
  const specs = (platform?.target ?? []) as TargetSpec[];
  return new Map(specs.map((t) => [t.target, [...(t.arch ?? [])].sort()]));
};

describe('electron-builder.yml', () => {
  it('passes electron-builder’s configuration schema', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is really validated: the schema rejects a misspelt option', async () => {
    const config = await loadConfig();
    const broken = { ...config, mac: { ...config.mac, hardendRuntime: true } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.mac\b/);
  });

  it('identifies the app and pins the Electron version (no require of electron)', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('io.kriptomat.desk');
    expect(config.productName).toBe('Kriptomat Desk');
    const pkg = packageJson();
    expect(config.electronVersion).toBe(pkg.devDependencies?.electron);
    expect(config.directories).toMatchObject({ output: 'dist', buildResources: 'build' });
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('targets NSIS, dmg + zip, AppImage + deb, each for x64 and arm64', async () => {
    const config = await loadConfig();
    const both = ['arm64', 'x64'];
    expect(targetsOf(config.win)).toEqual(new Map([['nsis', both]]));
    expect(targetsOf(config.mac)).toEqual(
      new Map([
        ['dmg', both],
        ['zip', both],
      ]),
    );
    expect(targetsOf(config.linux)).toEqual(
      new Map([
        ['AppImage', both],
        ['deb', both],
      ]),
    );
    expect(config.nsis?.buildUniversalInstaller).toBe(false);
  });

  it('signs macOS with the hardened runtime, entitlements and env-driven notarization', async () => {
    const config = await loadConfig();
    expect(config.mac).toMatchObject({
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      notarize: true,
      category: 'public.app-category.finance',
    });
    const plist = readFileSync(join(ROOT, 'build/entitlements.mac.plist'), 'utf8');
    const keys = [...plist.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    // Only what V8 needs under the hardened runtime; no library-validation or dyld opt-outs.
    expect(keys.sort()).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.cs.allow-unsigned-executable-memory']);
  });

  it('packages for Linux with the keychain library and a finance category', async () => {
    const config = await loadConfig();
    expect(config.linux?.category).toBe('Office;Finance');
    expect(config.linux?.maintainer).toMatch(/<[^@>]+@[^>]+>/);
    expect(config.deb?.depends).toContain('libsecret-1-0');
  });

  it('packs only the built bundles and package.json, never sources or source maps', async () => {
    const config = await loadConfig();
    // electron-builder normalises `files` into file sets: [{ filter: [...] }].
    const files = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    const includes = files.filter((f) => !f.startsWith('!'));
    expect(includes.sort()).toEqual(['out/main/**/*', 'out/preload/**/*', 'out/renderer/**/*', 'package.json']);
    expect(files).toContain('!out/**/*.map');
    expect(config.asar).toBe(true);
  });

  it('unpacks native modules from the asar', async () => {
    const config = await loadConfig();
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/*.node', '**/node_modules/keytar/**', '**/node_modules/libsql/**', '**/node_modules/@libsql/**']),
    );
  });

  it('flips the Electron fuses in an afterPack hook that exists', async () => {
    const config = await loadConfig();
    expect(config.afterPack).toBe('./build/fuses.mjs');
    const hook = (await import('../../../build/fuses.mjs')) as { afterPack: unknown; default: unknown };
    expect(typeof hook.afterPack).toBe('function');
    expect(hook.default).toBe(hook.afterPack);
  });
});

/** Width, height, and the RGBA pixels of a PNG as encoded by scripts/make-icons.ts. */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]); // 8-bit RGBA
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0); // filter: none
    raw.copy(pixels, y * width * 4, y * stride + 1, (y + 1) * stride);
  }
  return { width, height, pixels };
}

describe('icons in build/', () => {
  const read = (name: string): Buffer => readFileSync(join(ROOT, 'build', name));

  it('has a PNG for every Linux size, 512 and 1024 included, drawn by scripts/make-icons.ts', () => {
    for (const size of LINUX_SIZES) {
      const png = decodePng(read(`icons/${size}x${size}.png`));
      expect([png.width, png.height]).toEqual([size, size]);
    }
    const big = decodePng(read('icon.png'));
    expect([big.width, big.height]).toEqual([1024, 1024]);
    // The committed files are the generator's current output (pixel for pixel).
    expect(decodePng(read('icons/64x64.png')).pixels.equals(Buffer.from(renderIcon(64).pixels))).toBe(true);
    // Opaque in the middle, transparent in the corner.
    const centre = (512 * 1024 + 512) * 4 + 3;
    expect(big.pixels[centre]).toBe(255);
    expect(big.pixels[3]).toBe(0);
  });

  it('has a multi-size Windows icon.ico up to 256 px', () => {
    const ico = read('icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const size = ico[e] === 0 ? 256 : ico[e]!;
      const length = ico.readUInt32LE(e + 8);
      const offset = ico.readUInt32LE(e + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const image = ico.subarray(offset, offset + length);
      if (size === 256) expect(decodePng(image).width).toBe(256);
      else expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8)]).toEqual([40, size, size * 2]);
      sizes.push(size);
    }
    expect(sizes).toEqual([...ICO_SIZES]);
  });

  it('has a macOS icon.icns with every size up to 1024 px', () => {
    const icns = read('icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found = new Map<string, number>();
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('latin1', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      found.set(type, decodePng(icns.subarray(offset + 8, offset + length)).width);
      offset += length;
    }
    expect(found).toEqual(new Map(ICNS_ENTRIES.map(([type, size]) => [type, size])));
  });
});
