// The settings file in the user-data directory: read leniently (a corrupt or
// half-written file costs defaults and a warning, never a crash, and is kept as
// `.bak` for the operator to inspect), written strictly and atomically with mode 0600.
import { chmod, copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { SettingsError } from './settings-error';
import { redactUnknownKeys, repairSettings } from './settings-repair';
import { defaultSettings, describeIssues, settingsSchema, type Settings } from './settings-schema';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface LoadedSettings {
  settings: Settings;
  /** Plain sentences for the operator and the log; empty when the file was fine or absent. */
  warnings: string[];
  /** Where the unreadable original was copied, when a repair happened. */
  backupPath: string | null;
}

export function settingsFilePath(userDataDir: string): string {
  return join(userDataDir, SETTINGS_FILE_NAME);
}

export async function loadSettings(userDataDir: string): Promise<LoadedSettings> {
  const path = settingsFilePath(userDataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { settings: defaultSettings(), warnings: [], backupPath: null };
    return {
      settings: defaultSettings(),
      warnings: [`The settings file ${path} could not be read (${errorCode(error) ?? 'unknown error'}); defaults are used.`],
      backupPath: null,
    };
  }

  let raw: unknown;
  const warnings: string[] = [];
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
    warnings.push(`The settings file ${path} is not valid JSON (perhaps cut short by a crash); defaults are used.`);
  }
  const repaired = raw === undefined ? { settings: defaultSettings(), warnings: [] } : repairSettings(raw);
  warnings.push(...repaired.warnings);
  if (warnings.length === 0) return { settings: repaired.settings, warnings, backupPath: null };

  // Keep the original for the operator, then store the repaired settings so the
  // same warnings do not come back on every start.
  const backupPath = `${path}.bak`;
  try {
    if (raw === undefined) {
      // Not JSON, so nothing can be picked apart: keep the bytes as they were.
      await copyFile(path, backupPath);
      await chmod(backupPath, 0o600);
    } else {
      await writeFileAtomic(backupPath, `${JSON.stringify(redactUnknownKeys(raw), null, 2)}\n`, 0o600);
    }
    warnings.push(`The previous settings file was kept as ${backupPath}.`);
  } catch (error) {
    warnings.push(`The previous settings file could not be kept as a backup (${errorCode(error) ?? 'unknown error'}).`);
    return { settings: repaired.settings, warnings, backupPath: null };
  }
  try {
    await saveSettings(userDataDir, repaired.settings);
  } catch (error) {
    warnings.push(`The repaired settings could not be saved (${errorCode(error) ?? 'unknown error'}).`);
  }
  return { settings: repaired.settings, warnings, backupPath };
}

/**
 * Validates and writes the whole settings object. Throws `SettingsError` for
 * anything the schema refuses — including unknown keys such as `password` — so a
 * secret handed in by mistake never reaches the disk.
 */
export async function saveSettings(userDataDir: string, settings: Settings): Promise<Settings> {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) throw new SettingsError(`The settings were not saved: ${describeIssues(parsed.error)}.`);
  await writeFileAtomic(settingsFilePath(userDataDir), `${JSON.stringify(parsed.data, null, 2)}\n`, 0o600);
  return parsed.data;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
