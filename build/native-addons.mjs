// Packaging guard, run from the afterPack hook (build/fuses.mjs): the packaged app must
// carry keytar's and libsql's native addons *for the architecture being packaged*,
// unpacked from the asar. Building arm64 on an x64 runner (or x64 on an arm64 Mac)
// silently ships the host's addons if the rebuild / prebuild fetch did not happen;
// this reads each addon's machine type from its ELF / PE / Mach-O header and fails the
// build instead of producing an installer whose vault or database cannot load.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// builder-util's Arch enum, by value.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** The libsql platform package npm installs for a platform/arch (see libsql's optionalDependencies). */
export function libsqlPackage(platform, arch) {
  switch (platform) {
    case 'linux':
      return `@libsql/linux-${arch}-gnu`;
    case 'darwin':
    case 'mas':
      return `@libsql/darwin-${arch}`;
    case 'win32':
      return `@libsql/win32-${arch}-msvc`;
    default:
      throw new Error(`[native] unknown platform ${platform}`);
  }
}

/** The CPU architecture(s) an ELF, PE or Mach-O binary is built for. */
export function binaryArchs(bytes) {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return [{ 62: 'x64', 183: 'arm64', 3: 'ia32', 40: 'armv7l' }[machine] ?? `elf-${machine}`];
  }
  if (bytes.length >= 64 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = bytes.readUInt16LE(pe + 4);
      return [{ 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32' }[machine] ?? `pe-${machine.toString(16)}`];
    }
  }
  const macho = (cpu) => ({ 0x01000007: 'x64', 0x0100000c: 'arm64' })[cpu] ?? `macho-${cpu.toString(16)}`;
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) return [macho(bytes.readUInt32LE(4))];
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xcafebabe) {
    const count = bytes.readUInt32BE(4);
    const archs = [];
    for (let i = 0; i < count && 8 + 20 * i + 4 <= bytes.length; i++) archs.push(macho(bytes.readUInt32BE(8 + 20 * i)));
    return archs;
  }
  return ['unknown'];
}

/** The app's resources directory inside an electron-builder appOutDir. */
export function resourcesDir(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  }
  return path.join(appOutDir, 'resources');
}

/** Throws unless keytar's and libsql's addons for the packaged arch are in app.asar.unpacked. */
export async function checkNativeAddons(context) {
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : context.arch;
  if (arch === 'universal') return; // made from the per-arch builds, each already checked
  const unpacked = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules');
  const addons = [
    path.join(unpacked, 'keytar', 'build', 'Release', 'keytar.node'),
    path.join(unpacked, ...libsqlPackage(context.electronPlatformName, arch).split('/'), 'index.node'),
  ];
  const problems = [];
  for (const addon of addons) {
    let bytes;
    try {
      bytes = await readFile(addon);
    } catch {
      problems.push(`${addon} is missing`);
      continue;
    }
    const archs = binaryArchs(bytes);
    if (!archs.includes(arch)) problems.push(`${addon} is built for ${archs.join('+')}, not ${arch}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `[native] the ${context.electronPlatformName}-${arch} app lacks usable native addons:\n  ${problems.join('\n  ')}\n` +
        'See docs/packaging.md ("Native modules per architecture").',
    );
  }
  console.log(`  • [native] keytar and libsql addons present for ${context.electronPlatformName}-${arch}`);
}
