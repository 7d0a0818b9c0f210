// Runs the built preload (out/preload/index.cjs, CommonJS as a sandboxed preload
// must be) in a fresh `vm` context, the way Electron runs a sandboxed preload: its
// `require` answers 'electron' (contextBridge and this page's ipcRenderer) and the
// few builtins a sandbox allows, and refuses everything else with Electron's message.
import { readFileSync } from 'node:fs';
import events from 'node:events';
import timers from 'node:timers';
import url from 'node:url';
import { runInNewContext } from 'node:vm';
import type { RendererElectron } from './web-contents';

const sandboxBuiltins: Record<string, unknown> = { events, timers, url };

export function runPreload(preloadPath: string, electron: RendererElectron): void {
  const source = readFileSync(preloadPath, 'utf8');
  const module = { exports: {} as unknown };
  const require = (name: string): unknown => {
    if (name === 'electron' || name === 'electron/renderer') return electron;
    const builtin = sandboxBuiltins[name.replace(/^node:/, '')];
    if (builtin) return builtin;
    throw new Error(`module not found: ${name}`);
  };
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const fn = runInNewContext(wrapper, { console, setTimeout, clearTimeout, queueMicrotask }, { filename: preloadPath }) as (
    ...args: unknown[]
  ) => void;
  fn(module.exports, require, module, preloadPath, preloadPath.replace(/[/\\][^/\\]*$/, ''));
}
