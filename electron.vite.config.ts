import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * Every file of a database's migrations folder, by name. The packaged app has no
 * such folder (electron-builder packs the bundles only), so the main bundle gets
 * the files' text here, at build time, as __DESK_POSTGRES_MIGRATIONS__ and
 * __DESK_SQLITE_MIGRATIONS__ (main/store/migration-files.ts checks the names).
 */
function migrationFolder(database: 'postgres' | 'sqlite'): Record<string, string> {
  const dir = resolve(import.meta.dirname, 'main/store', database, 'migrations');
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((file) => [file, readFileSync(resolve(dir, file), 'utf8')]),
  );
}

// One build for the three bundles. Main and preload keep native modules
// (keytar, libsql) external so they load from node_modules / app.asar.unpacked.
export default defineConfig({
  main: {
    define: {
      __DESK_POSTGRES_MIGRATIONS__: JSON.stringify(migrationFolder('postgres')),
      __DESK_SQLITE_MIGRATIONS__: JSON.stringify(migrationFolder('sqlite')),
    },
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron' (and a few builtins): every
      // other dependency (zod, via the contract) must be bundled in.
      externalizeDeps: false,
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      // The page loads from disk, but a smaller bundle still parses faster at start.
      minify: true,
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
