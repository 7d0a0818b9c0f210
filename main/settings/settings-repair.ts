// Turns whatever was read from the settings file into valid settings. Each field is
// checked on its own so one bad value (a hand edit, a newer version's format)
// costs only that value, not the operator's profiles; every repair is reported as
// a sentence that names the field but never echoes the stored value.
import type { z } from 'zod';
import { isBuiltInProfileId } from './profile';
import {
  customProfileSchema,
  defaultSettings,
  describeIssues,
  profileAccountSchema,
  profileIdSchema,
  settingsFieldSchemas,
  windowBoundsSchema,
  type CustomProfileSettings,
  type ProfileAccount,
  type Settings,
} from './settings-schema';

export interface RepairResult {
  settings: Settings;
  /** Empty when the input was already valid. */
  warnings: string[];
}

type Field = keyof typeof settingsFieldSchemas;
const simpleFields = [
  'pollingIntervalSeconds',
  'perOrderLimitEur',
  'retypeAtBalancePercent',
  'withdrawHoldHours',
  'theme',
  'window',
] as const satisfies readonly Field[];

export function repairSettings(raw: unknown): RepairResult {
  const settings = defaultSettings();
  const warnings: string[] = [];
  if (!isPlainObject(raw)) {
    warnings.push('The settings file does not contain a settings object; defaults are used.');
    return { settings, warnings };
  }

  const unknownKeys = Object.keys(raw).filter((key) => !(key in settingsFieldSchemas));
  if (unknownKeys.length > 0) warnings.push(`Unknown settings were dropped: ${unknownKeys.join(', ')}.`);

  if ('version' in raw && raw.version !== settings.version) {
    warnings.push(`The settings file has format version ${describeVersion(raw.version)}; it was read as version ${settings.version}.`);
  }

  for (const field of simpleFields) {
    if (!(field in raw)) continue; // absent (an older file): the default is simply right
    const parsed = settingsFieldSchemas[field].safeParse(raw[field]);
    if (parsed.success) (settings as Record<Field, unknown>)[field] = parsed.data;
    else warnings.push(`The setting "${field}" was invalid (${describeIssues(parsed.error)}); the default is used.`);
  }

  if ('workspace' in raw) settings.workspace = repairWorkspace(raw.workspace, warnings);
  if ('customProfiles' in raw) settings.customProfiles = repairCustomProfiles(raw.customProfiles, warnings);
  if ('profileAccounts' in raw) settings.profileAccounts = repairAccounts(raw.profileAccounts, settings, warnings);

  if ('activeProfileId' in raw) {
    const parsed = profileIdSchema.safeParse(raw.activeProfileId);
    if (parsed.success && profileExists(settings, parsed.data)) settings.activeProfileId = parsed.data;
    else warnings.push(`The active profile in the settings file does not exist; "${settings.activeProfileId}" is used.`);
  }
  return { settings, warnings };
}

export function profileExists(settings: Pick<Settings, 'customProfiles'>, id: string): boolean {
  return isBuiltInProfileId(id) || settings.customProfiles.some((profile) => profile.id === id);
}

function repairCustomProfiles(raw: unknown, warnings: string[]): CustomProfileSettings[] {
  if (!Array.isArray(raw)) {
    warnings.push('The list of custom profiles was invalid and was dropped.');
    return [];
  }
  const profiles: CustomProfileSettings[] = [];
  for (const [index, entry] of raw.entries()) {
    const parsed = parseDroppingUnknownKeys(customProfileSchema, entry, `customProfiles.${index}`, warnings);
    if (!parsed) continue;
    if (isBuiltInProfileId(parsed.id) || profiles.some((profile) => profile.id === parsed.id)) {
      warnings.push(`Custom profile ${index + 1} reuses the id "${parsed.id}" and was dropped.`);
      continue;
    }
    profiles.push(parsed);
  }
  return profiles;
}

/** Unknown keys (a pasted `password`) are dropped with a warning; a choice still invalid after that means Solo. */
function repairWorkspace(raw: unknown, warnings: string[]): Settings['workspace'] {
  let candidate = raw;
  if (isPlainObject(raw)) {
    const known = Object.fromEntries(Object.entries(raw).filter(([key]) => key === 'kind' || key === 'config'));
    const config = isPlainObject(known.config)
      ? Object.fromEntries(Object.entries(known.config).filter(([key]) => key in WORKSPACE_CONFIG_KEYS))
      : known.config;
    const dropped =
      Object.keys(raw).length -
      Object.keys(known).length +
      (isPlainObject(known.config) && isPlainObject(config) ? Object.keys(known.config).length - Object.keys(config).length : 0);
    if (dropped > 0) warnings.push('Unknown settings in workspace were dropped.');
    candidate = config === undefined ? known : { ...known, config };
  }
  const parsed = settingsFieldSchemas.workspace.safeParse(candidate);
  if (parsed.success) return parsed.data;
  warnings.push(`The setting "workspace" was invalid (${describeIssues(parsed.error)}); the desk starts Solo.`);
  return { kind: 'solo' };
}

function repairAccounts(raw: unknown, settings: Settings, warnings: string[]): Record<string, ProfileAccount> {
  if (!isPlainObject(raw)) {
    warnings.push('The per-profile login details were invalid and were dropped.');
    return {};
  }
  const accounts: Record<string, ProfileAccount> = {};
  for (const [id, entry] of Object.entries(raw)) {
    if (!profileIdSchema.safeParse(id).success || !profileExists(settings, id)) {
      warnings.push('Login details for a profile that does not exist were dropped.');
      continue;
    }
    const parsed = parseDroppingUnknownKeys(profileAccountSchema, entry, `profileAccounts.${id}`, warnings);
    if (parsed) accounts[id] = parsed;
  }
  return accounts;
}

/** Unknown keys (a stray `password`) are removed with a warning; other problems drop the entry. */
function parseDroppingUnknownKeys<S extends z.ZodObject>(
  schema: S,
  raw: unknown,
  where: string,
  warnings: string[],
): z.output<S> | undefined {
  if (!isPlainObject(raw)) {
    warnings.push(`${where} was not an object and was dropped.`);
    return undefined;
  }
  const known = Object.fromEntries(Object.entries(raw).filter(([key]) => key in schema.shape));
  const unknown = Object.keys(raw).filter((key) => !(key in schema.shape));
  if (unknown.length > 0) warnings.push(`Unknown settings in ${where} were dropped: ${unknown.join(', ')}.`);
  const parsed = schema.safeParse(known);
  if (parsed.success) return parsed.data;
  warnings.push(`${where} was invalid (${describeIssues(parsed.error)}) and was dropped.`);
  return undefined;
}

const WORKSPACE_CONFIG_KEYS = { host: true, port: true, database: true, user: true, tlsMode: true, caFile: true };

export const REMOVED_MARKER = '[removed: not a setting]';

/**
 * The copy kept as `.bak`: the original structure, but every value under a key
 * the schema does not know is replaced, because an unknown key may be a secret
 * someone pasted in (`"password": …`) and the desk never writes secrets to disk.
 */
export function redactUnknownKeys(raw: unknown): unknown {
  if (!isPlainObject(raw)) return raw;
  const redactObject = (value: unknown, known: Record<string, unknown>, nested?: (key: string, child: unknown) => unknown) =>
    isPlainObject(value)
      ? Object.fromEntries(
          Object.entries(value).map(([key, child]) => [key, key in known ? (nested ? nested(key, child) : child) : REMOVED_MARKER]),
        )
      : value;
  return redactObject(raw, settingsFieldSchemas, (key, child) => {
    if (key === 'customProfiles' && Array.isArray(child)) {
      return child.map((entry) => redactObject(entry, customProfileSchema.shape));
    }
    if (key === 'profileAccounts' && isPlainObject(child)) {
      return Object.fromEntries(Object.entries(child).map(([id, entry]) => [id, redactObject(entry, profileAccountSchema.shape)]));
    }
    if (key === 'window') return redactObject(child, windowBoundsSchema.shape);
    if (key === 'workspace') {
      // A stray `password` next to the connection settings is a secret too.
      const redacted = redactObject(child, { kind: true, config: true }) as Record<string, unknown>;
      return isPlainObject(redacted) && 'config' in redacted
        ? { ...redacted, config: redactObject(redacted.config, WORKSPACE_CONFIG_KEYS) }
        : redacted;
    }
    return child;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeVersion(version: unknown): string {
  return typeof version === 'number' && Number.isInteger(version) ? String(version) : '(not a number)';
}
