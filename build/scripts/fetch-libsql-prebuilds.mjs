#!/usr/bin/env node
// Puts libsql's prebuilt addon for every target architecture into node_modules, so one
// runner can package x64 and arm64. npm installs only the host's @libsql/<platform>
// package (optionalDependencies filtered by os/cpu); this downloads the others at
// exactly the installed libsql's version with `npm pack` (registry tarball, integrity
// checked by npm) and unpacks them next to it. package.json and the lockfile are not
// touched. keytar needs no such step: electron-builder's rebuild (npmRebuild) fetches
// or compiles it for the target arch.
//
//   node build/scripts/fetch-libsql-prebuilds.mjs [--platform linux|darwin|win32] [--arch x64,arm64]
//
// Exits 1 when a platform/arch has no prebuilt libsql (today: win32-arm64).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    platform: { type: 'string', default: process.platform },
    arch: { type: 'string', default: 'x64,arm64' },
  },
});

const libsql = JSON.parse(readFileSync(path.join(root, 'node_modules', 'libsql', 'package.json'), 'utf8'));
const available = new Set(Object.keys(libsql.optionalDependencies ?? {}));
const packageFor = (platform, arch) =>
  ({ linux: `@libsql/linux-${arch}-gnu`, darwin: `@libsql/darwin-${arch}`, win32: `@libsql/win32-${arch}-msvc` })[platform];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failed = false;
for (const arch of values.arch
  .split(',')
  .map((a) => a.trim())
  .filter(Boolean)) {
  const name = packageFor(values.platform, arch);
  if (name === undefined || !available.has(name)) {
    console.error(`fetch-libsql-prebuilds: libsql ${libsql.version} has no prebuilt addon for ${values.platform}-${arch}`);
    failed = true;
    continue;
  }
  const dest = path.join(root, 'node_modules', ...name.split('/'));
  if (existsSync(path.join(dest, 'index.node'))) {
    console.log(`fetch-libsql-prebuilds: ${name} already installed`);
    continue;
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'libsql-prebuild-'));
  try {
    const out = execFileSync(npm, ['pack', `${name}@${libsql.version}`, '--json', '--pack-destination', tmp], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    const [{ filename }] = JSON.parse(out);
    execFileSync('tar', ['-xzf', path.join(tmp, filename), '-C', tmp]);
    mkdirSync(path.dirname(dest), { recursive: true });
    rmSync(dest, { recursive: true, force: true });
    renameSync(path.join(tmp, 'package'), dest);
    console.log(`fetch-libsql-prebuilds: installed ${name}@${libsql.version}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
