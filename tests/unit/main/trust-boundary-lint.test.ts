// The lint rules that keep the trust boundary: a renderer file that imports
// Electron, Node or main/ code, or a core file that takes raw IPC, fails `npm test`.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { trustBoundaryConfig } from '../../../eslint.trust-boundary.js';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...trustBoundaryConfig],
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('trust boundary lint', () => {
  it.each([
    ["import { ipcRenderer } from 'electron';"],
    ["import { readFileSync } from 'node:fs';"],
    ["import { join } from 'path';"],
    ["import { toDeskError } from '../../../main/errors';"],
    ["import type { Store } from '../../main/store';"],
    ["import { startSandbox } from '../../sandbox/server';"],
  ])('refuses %s in the renderer and the harness page', async (line) => {
    expect(await problems('renderer/src/screens/Bad.tsx', line)).toEqual([expect.stringContaining('no-restricted-imports')]);
    expect(await problems('web/client/bad.ts', line)).toEqual([expect.stringContaining('no-restricted-imports')]);
  });

  it('lets the renderer import shared/ and its own modules', async () => {
    expect(
      await problems('renderer/src/screens/Good.tsx', "import { dec } from '../../../shared/money';\nimport { fmt } from '../format';"),
    ).toEqual([]);
  });

  it('keeps raw ipcMain and ipcRenderer in main/ipc.ts and preload/ only', async () => {
    const raw = "import { ipcMain } from 'electron';\nimport * as electron from 'electron';";
    expect(await problems('main/electron/index.ts', raw)).toHaveLength(2);
    expect(await problems('main/services/orders/orders.ts', "import { ipcRenderer } from 'electron';")).toHaveLength(1);
    expect(await problems('main/ipc.ts', raw)).toEqual([]);
    expect(await problems('preload/index.ts', "import { ipcRenderer } from 'electron';")).toEqual([]);
    expect(await problems('main/electron/window.ts', "import { BrowserWindow } from 'electron';")).toEqual([]);
  });
});
