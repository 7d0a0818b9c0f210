import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Bundles the very same preload/index.ts for the browser harness, with its
// `electron` import replaced by the HTTP/SSE shim.
export default defineConfig({
  resolve: { alias: { electron: resolve(import.meta.dirname, 'client/electron-shim.ts') } },
  build: {
    outDir: resolve(import.meta.dirname, '../out/web'),
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: resolve(import.meta.dirname, '../preload/index.ts'),
      formats: ['iife'],
      name: 'deskPreload',
      fileName: () => 'preload.js',
    },
  },
});
