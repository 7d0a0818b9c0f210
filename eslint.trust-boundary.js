// The trust boundary, enforced by lint (the rule of docs/architecture.md): the
// renderer and the harness's page code are untrusted pages, so they may not reach
// Electron, Node or the main process and sandbox code; and raw IPC lives only in
// main/ipc.ts and preload/, where every channel is checked.
import { builtinModules } from 'node:module';

const pageMessage = 'The renderer is an untrusted page: it reaches main only through window.desk (shared/desk-api.ts).';

/** Bare Node built-ins ("fs", "path") as well as "node:*". */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

export const untrustedPageFiles = ['renderer/**/*.ts', 'renderer/**/*.tsx', 'web/client/**/*.ts'];
export const rawIpcAllowedFiles = ['main/ipc.ts', 'preload/**/*.ts'];

export const trustBoundaryConfig = [
  {
    files: untrustedPageFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: pageMessage }, ...nodeBuiltins.map((name) => ({ name, message: pageMessage }))],
          patterns: [
            { group: ['node:*', 'electron/*'], message: pageMessage },
            { regex: '^(\\.\\./)+(main|sandbox)(/|$)', message: pageMessage },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [...untrustedPageFiles, ...rawIpcAllowedFiles],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Raw IPC only in main/ipc.ts (bindElectronIpc) and preload/: every channel there is checked.',
            },
          ],
        },
      ],
    },
  },
];
