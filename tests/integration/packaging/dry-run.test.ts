// Packaging dry run: the real electron-builder, with the real electron-builder.yml, packs
// the real build output next to a stand-in Electron distribution (-c.electronDist; the
// Electron binary cannot be downloaded here). Then app.asar is read back: exactly the
// built bundles, package.json and the main process's runtime dependencies, with the
// native addons unpacked. Linux `dir` target only: no installer tooling is downloaded.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '@electron/asar';
import { ROOT, asarFiles, mainProcessPackages, nameVersions, packageOf, rendererOnlyPackages, type AsarFile } from './support';

const run = promisify(execFile);
const bin = (name: string): string => join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

const BUNDLES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const ARCH = process.arch === 'arm64' ? 'arm64' : 'x64';
// libsql's addon for this machine, as npm installed it.
const LIBSQL_ADDON = `node_modules/@libsql/linux-${ARCH}-gnu/index.node`;
const KEYTAR_ADDON = 'node_modules/keytar/build/Release/keytar.node';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(ROOT, full).split('\\').join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** A directory shaped like an unpacked Linux Electron release, with a shell script as `electron`. */
async function makeStandInElectron(dir: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  await mkdir(join(dir, 'locales'), { recursive: true });
  const electron = join(dir, 'electron');
  await writeFile(electron, '#!/bin/sh\necho "stand-in Electron for the packaging dry run: it cannot run the app" >&2\nexit 1\n');
  await chmod(electron, 0o755);
  await writeFile(join(dir, 'version'), '45.4.1');
  await writeFile(join(dir, 'LICENSE'), 'Stand-in for Electron’s MIT license\n');
  await writeFile(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  await writeFile(join(dir, 'locales', 'en-US.pak'), 'stand-in');
  // No resources/default_app.asar: electron-builder hashes every .asar in resources/
  // for the integrity data, so a stand-in file there would have to be a valid archive.
}

const notLinux = process.platform !== 'linux';
if (notLinux)
  console.warn(`packaging dry run skipped: it builds the linux dir target with a stand-in Electron, and this is ${process.platform}`);
describe.skipIf(notLinux)('packaging dry run (linux dir, stand-in Electron)', () => {
  let work: string;
  let appOut: string;
  let archive: string;
  let files: Map<string, AsarFile>;
  let log: string;

  beforeAll(async () => {
    if (BUNDLES.some((f) => !existsSync(join(ROOT, f)))) {
      await run(bin('electron-vite'), ['build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    }
    work = await mkdtemp(join(tmpdir(), 'desk-dist-'));
    const electronDist = join(work, 'electron-dist');
    await makeStandInElectron(electronDist);
    const result = await run(
      bin('electron-builder'),
      [
        '--linux',
        'dir',
        `--${ARCH}`,
        '--publish',
        'never',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${join(work, 'dist')}`,
        // N-API addons are already built for this machine; a rebuild would try to download.
        '-c.npmRebuild=false',
      ],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, KRIPTOMAT_FAKE_ELECTRON: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      },
    ).catch((error: unknown) => {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`electron-builder failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`, { cause: error });
    });
    log = `${result.stdout}\n${result.stderr}`;
    appOut = join(work, 'dist', ARCH === 'x64' ? 'linux-unpacked' : `linux-${ARCH}-unpacked`);
    archive = join(appOut, 'resources', 'app.asar');
    files = asarFiles(archive);
  }, 240_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('lays out a Linux app around the stand-in Electron; the afterPack hook checks addons and skips the fuses', () => {
    expect(statSync(join(appOut, 'kriptomat-desk')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(appOut, 'LICENSE.electron.txt'))).toBe(true);
    expect(existsSync(join(appOut, 'LICENSES.chromium.html'))).toBe(true);
    expect(log).toMatch(/\[fuses\] skipped: .*kriptomat-desk is a stand-in Electron/);
    // The afterPack hook's native-addon guard ran against the real addons and passed.
    expect(log).toContain(`[native] keytar and libsql addons present for linux-${ARCH}`);
  });

  it('has only out/, node_modules/ and package.json at the top of app.asar', () => {
    const top = new Set([...files.keys()].map((f) => f.split('/')[0]));
    expect(top).toEqual(new Set(['out', 'node_modules', 'package.json']));
  });

  it('contains exactly the built bundles, without source maps', () => {
    const built = [
      ...filesUnder(join(ROOT, 'out', 'main')),
      ...filesUnder(join(ROOT, 'out', 'preload')),
      ...filesUnder(join(ROOT, 'out', 'renderer')),
    ]
      .filter((f) => !f.endsWith('.map'))
      .sort();
    const packed = [...files.keys()].filter((f) => f.startsWith('out/')).sort();
    expect(packed).toEqual(built);
    for (const bundle of BUNDLES) expect(packed).toContain(bundle);
  });

  it('keeps package.json pointing at the main bundle, without devDependencies or scripts', () => {
    const pkg = JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg.main).toBe('out/main/index.js');
    expect(files.has(pkg.main as string)).toBe(true);
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
  });

  it('packs no sources, tests, type declarations or maps', () => {
    const offenders = [...files.keys()].filter(
      (f) =>
        /\.(map|tsx?|mts|cts)$/.test(f) ||
        /^(main|preload|renderer|shared|sandbox|web|tests|scripts|bench|build|docs|src)\//.test(f) ||
        /(^|\/)(__tests__|__mocks__)\//.test(f),
    );
    expect(offenders).toEqual([]);
  });

  it('contains exactly the main process’s runtime dependencies, none of the renderer’s', () => {
    // Package directories in the archive, as name@version from their package.json
    // (electron-builder re-hoists node_modules, so compare identities, not paths).
    const dirs = new Set([...files.keys()].filter((f) => f.startsWith('node_modules/')).map((f) => packageOf(f)!));
    const packed = new Set(
      [...dirs].map((dir) => {
        const { name, version } = JSON.parse(extractFile(archive, `${dir}/package.json`).toString('utf8')) as {
          name: string;
          version: string;
        };
        return `${name}@${version}`;
      }),
    );
    expect([...packed].sort()).toEqual([...nameVersions(mainProcessPackages())].sort());
    const leaked = [...nameVersions(rendererOnlyPackages())].filter((p) => packed.has(p));
    expect(leaked).toEqual([]);
    for (const name of ['zod', 'decimal.js', 'otplib', 'keytar', 'libsql']) {
      expect(files.has(`node_modules/${name}/package.json`)).toBe(true);
    }
  });

  it('unpacks the native addons of keytar and libsql next to the asar', () => {
    const addons = [...files.entries()].filter(([f]) => f.endsWith('.node'));
    expect(addons.map(([f]) => f).sort()).toEqual([KEYTAR_ADDON, LIBSQL_ADDON].sort());
    for (const [file, entry] of addons) {
      expect(entry.unpacked, file).toBe(true);
      const onDisk = join(appOut, 'resources', 'app.asar.unpacked', file);
      expect(statSync(onDisk).size, file).toBe(entry.size);
      expect(entry.size, file).toBe(statSync(join(ROOT, file)).size);
    }
    // keytar and libsql (and libsql's platform package) are unpacked whole.
    const native = [...files.entries()].filter(([f]) => /^node_modules\/(keytar|libsql|@libsql)\//.test(f));
    expect(native.length).toBeGreaterThan(0);
    expect(native.filter(([, e]) => !e.unpacked).map(([f]) => f)).toEqual([]);
    // Everything else stays inside the archive.
    const unpackedOthers = [...files.entries()].filter(([f, e]) => e.unpacked && !native.some(([n]) => n === f));
    expect(unpackedOthers.map(([f]) => f)).toEqual([]);
  });
});
