// Finds the Electron binary without requiring the `electron` package (which
// starts a download when the binary is missing).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ElectronAvailability {
  executablePath?: string;
  skipReason?: string;
}

export function findElectron(root: string): ElectronAvailability {
  const packageDir = join(root, 'node_modules', 'electron');
  if (!existsSync(packageDir)) return { skipReason: 'the electron package is not installed (run npm ci)' };
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    // scripts/ensure-electron.sh tried the download and kept its log.
    const log = join(root, '.artifacts', 'electron-install.log');
    const why = existsSync(log) ? /^\w*Error: .*$/m.exec(readFileSync(log, 'utf8'))?.[0] : undefined;
    return {
      skipReason: `the Electron binary is not installed: node_modules/electron/dist is missing${why ? ` and downloading it from GitHub failed (${why.slice(0, 120)})` : ' (scripts/ensure-electron.sh fetches it where GitHub is reachable)'}`,
    };
  }
  const executablePath = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executablePath)) return { skipReason: `the Electron binary named in path.txt is missing (${executablePath})` };
  return { executablePath };
}
