// Electron preload (sandboxed, context-isolated): exposes `window.desk` and nothing
// else — no ipcRenderer, no require, no process, no generic invoke.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './build-bridge';

contextBridge.exposeInMainWorld('desk', buildBridge(ipcRenderer));
