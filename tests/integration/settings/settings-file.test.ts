import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/settings/atomic-write';
import { loadSettings, saveSettings, settingsFilePath } from '../../../main/settings/settings-file';
import { defaultSettings, type Settings } from '../../../main/settings/settings-schema';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('loadSettings', () => {
  it('gives defaults and no warnings when there is no file yet, and creates nothing', async () => {
    expect(await loadSettings(dir)).toEqual({ settings: defaultSettings(), warnings: [], backupPath: null });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads back what saveSettings wrote', async () => {
    const settings: Settings = { ...defaultSettings(), theme: 'dark', pollingIntervalSeconds: 12 };
    await saveSettings(dir, settings);
    expect(await loadSettings(dir)).toEqual({ settings, warnings: [], backupPath: null });
  });

  it('recovers from a truncated file: defaults, a warning, the original kept as .bak, a repaired file', async () => {
    const path = settingsFilePath(dir);
    const truncated = '{\n  "version": 1,\n  "theme": "dark",\n  "pollingInter';
    await writeFile(path, truncated, { mode: 0o644 });
    const loaded = await loadSettings(dir);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.warnings[0]).toMatch(/not valid JSON/);
    expect(loaded.backupPath).toBe(`${path}.bak`);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(truncated);
    expect(await mode(`${path}.bak`)).toBe(0o600);
    // The repaired file is valid, so the next start is quiet.
    expect(await loadSettings(dir)).toEqual({ settings: defaultSettings(), warnings: [], backupPath: null });
  });

  it('keeps the good fields of a partly invalid file', async () => {
    await writeFile(settingsFilePath(dir), JSON.stringify({ version: 1, theme: 'light', pollingIntervalSeconds: 9000 }));
    const loaded = await loadSettings(dir);
    expect(loaded.settings).toEqual({ ...defaultSettings(), theme: 'light' });
    expect(loaded.warnings.some((warning) => warning.includes('"pollingIntervalSeconds"'))).toBe(true);
    expect(loaded.backupPath).not.toBeNull();
  });

  it('does not copy a pasted secret into the repaired file or the backup', async () => {
    await writeFile(
      settingsFilePath(dir),
      JSON.stringify({ theme: 'dark', password: 'hunter2-pasted', profileAccounts: { staging: { client_secret: 'hunter2-nested' } } }),
    );
    const loaded = await loadSettings(dir);
    expect(loaded.settings.theme).toBe('dark');
    expect(loaded.warnings.join(' ')).not.toContain('hunter2');
    for (const name of await readdir(dir)) {
      expect(await readFile(join(dir, name), 'utf8'), name).not.toContain('hunter2');
    }
  });

  it('never crashes on a file it cannot read', async () => {
    await mkdir(settingsFilePath(dir)); // a directory where the file should be
    const loaded = await loadSettings(dir);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.warnings[0]).toMatch(/could not be read/);
  });
});

describe('saveSettings', () => {
  it('writes mode 0600 even over an existing world-readable file, and leaves no temp files', async () => {
    await writeFile(settingsFilePath(dir), '{}', { mode: 0o644 });
    await saveSettings(dir, defaultSettings());
    expect(await mode(settingsFilePath(dir))).toBe(0o600);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('creates a missing user-data directory privately', async () => {
    const nested = join(dir, 'a', 'b');
    await saveSettings(nested, defaultSettings());
    expect(await mode(nested)).toBe(0o700);
  });

  it('refuses unknown keys such as password and leaves the file as it was', async () => {
    await saveSettings(dir, defaultSettings());
    const before = await readFile(settingsFilePath(dir), 'utf8');
    const withSecret = { ...defaultSettings(), password: 'hunter2' } as unknown as Settings;
    const error = await saveSettings(dir, withSecret).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/password/);
    expect((error as Error).message).not.toContain('hunter2');
    expect(await readFile(settingsFilePath(dir), 'utf8')).toBe(before);
  });

  it('refuses an active profile that does not exist', async () => {
    await expect(saveSettings(dir, { ...defaultSettings(), activeProfileId: 'custom-none' })).rejects.toThrow(/activeProfileId/);
  });

  it('is atomic: a reader racing many writers only ever sees a complete file', async () => {
    await saveSettings(dir, defaultSettings());
    let writing = true;
    const writers = (async () => {
      // Long values make a torn (non-atomic) write far more likely to be observed.
      for (let round = 0; round < 150; round += 1) {
        const window = { x: round, y: round, width: 1000 + round, height: 800, maximized: round % 2 === 0 };
        await Promise.all([
          saveSettings(dir, { ...defaultSettings(), window, pollingIntervalSeconds: (round % 300) + 1 }),
          saveSettings(dir, { ...defaultSettings(), theme: 'dark', window }),
        ]);
      }
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const text = await readFile(settingsFilePath(dir), 'utf8');
      expect(() => JSON.parse(text) as unknown).not.toThrow();
      reads += 1;
    }
    await writers;
    expect(reads).toBeGreaterThan(10);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });
});

describe('writeFileAtomic', () => {
  it('removes its temp file and keeps the target when the rename fails', async () => {
    const target = join(dir, 'target');
    await mkdir(join(target, 'occupied'), { recursive: true }); // rename over a non-empty directory fails
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['target']);
  });
});
