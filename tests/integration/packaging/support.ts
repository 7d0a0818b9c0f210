// Shared by the packaging tests: the project's paths, the production dependency
// closure computed from package-lock.json, and an app.asar header reader.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getRawHeader } from '@electron/asar';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const BUILDER_CONFIG = join(ROOT, 'electron-builder.yml');

/**
 * Runtime dependencies that vite bundles into out/renderer: they must not be packed
 * (they belong in devDependencies; until then electron-builder.yml excludes them).
 */
export const RENDERER_ONLY = ['react', 'react-dom', 'recharts', 'zustand', '@tanstack/react-virtual'] as const;

interface LockEntry {
  version?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

interface PackageJson {
  main?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export const packageJson = (): PackageJson => readJson<PackageJson>(join(ROOT, 'package.json'));

/**
 * Lockfile paths (`node_modules/a/node_modules/b`) reachable from `roots` through
 * dependencies and optionalDependencies, resolved the way Node does (nearest
 * node_modules first), keeping only packages installed on this machine (optional
 * platform packages for other OSes/CPUs are not) and not marked dev.
 */
export function dependencyClosure(roots: readonly string[]): Set<string> {
  const lock = readJson<{ packages: Record<string, LockEntry> }>(join(ROOT, 'package-lock.json'));
  const entries = lock.packages;
  const resolveFrom = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
      if (entries[candidate] !== undefined) return candidate;
      if (base === '') return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };
  const seen = new Set<string>();
  const stack = roots.map((r) => resolveFrom('', r)).filter((p): p is string => p !== undefined);
  while (stack.length > 0) {
    const path = stack.pop()!;
    if (seen.has(path)) continue;
    const entry = entries[path]!;
    if (entry.dev === true || !existsSync(join(ROOT, path))) continue;
    seen.add(path);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const dep = resolveFrom(path, name);
      if (dep !== undefined) stack.push(dep);
    }
  }
  return seen;
}

/** The package paths the app needs at run time: the main process's dependencies. */
export function mainProcessPackages(): Set<string> {
  const deps = Object.keys(packageJson().dependencies ?? {});
  const roots = deps.filter((d) => !(RENDERER_ONLY as readonly string[]).includes(d));
  const closure = dependencyClosure(roots);
  // Also excluded by electron-builder.yml: type packages and libsql's musl addons
  // (Electron on Linux is glibc only).
  return new Set([...closure].filter((p) => !/(^|\/)node_modules\/@types\//.test(p) && !/-musl$/.test(p)));
}

/** `name@version` of lockfile package paths (electron-builder re-hoists, so paths differ). */
export function nameVersions(paths: Iterable<string>): Set<string> {
  const lock = readJson<{ packages: Record<string, LockEntry> }>(join(ROOT, 'package-lock.json'));
  return new Set(
    [...paths].map((p) => `${p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${lock.packages[p]?.version ?? '?'}`),
  );
}

/** Packages reachable only through the renderer's libraries. */
export function rendererOnlyPackages(): Set<string> {
  const renderer = dependencyClosure(RENDERER_ONLY);
  const main = mainProcessPackages();
  return new Set([...renderer].filter((p) => !main.has(p)));
}

export interface AsarFile {
  size: number;
  unpacked: boolean;
}

interface HeaderNode {
  files?: Record<string, HeaderNode>;
  size?: number;
  unpacked?: boolean;
  link?: string;
}

/** Every file in an asar archive (paths with `/`, no leading slash) with its header entry. */
export function asarFiles(archive: string): Map<string, AsarFile> {
  const { header } = getRawHeader(archive) as unknown as { header: HeaderNode };
  const files = new Map<string, AsarFile>();
  const walk = (node: HeaderNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if (child.files !== undefined) walk(child, path);
      else if (child.link === undefined) files.set(path, { size: child.size ?? 0, unpacked: child.unpacked === true });
    }
  };
  walk(header, '');
  return files;
}

/** The package directory (`node_modules/a/node_modules/@s/b`) a file in node_modules belongs to. */
export function packageOf(file: string): string | undefined {
  const match = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*)/.exec(file);
  const dir = match?.[1]?.replace(/\/$/, '');
  return dir === undefined || dir === '' ? undefined : dir;
}
